{
  # greenhub's own unix datagram addon for systemd notification (Y2, Y4, N8, #5);
  # see src/launcher/native/unix_dgram.c for why it exists. Built by `npm run build`.
  'targets': [
    {
      'target_name': 'greenhub_unix_dgram',
      'sources': ['src/launcher/native/unix_dgram.c'],
      'defines': ['NAPI_VERSION=8'],
      'cflags': ['-Wall', '-Wextra', '-Wno-unused-parameter'],
    }
  ]
}
