#ifndef C_PROCESS_SPAWN_H
#define C_PROCESS_SPAWN_H

#include <spawn.h>

/// posix_spawn's GNU extensions, which Swift's Glibc module does not expose.
int labspec_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);
/// POSIX_SPAWN_SETSID where the C library has it, else 0.
short labspec_spawn_setsid_flag(void);

#endif
