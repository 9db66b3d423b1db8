/** One line of bench/results/latest.json (issue #6). */
export interface Row {
  family: string;
  case: string;
  impl: string;
  metric: string;
  median: number;
  min: number;
  max: number;
  unit: string;
}
