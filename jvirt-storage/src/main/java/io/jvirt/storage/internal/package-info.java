/**
 * Implementation of the storage subsystem: native calls (fstatat, ioctl FICLONE), external
 * commands, the mount table, name checks and the volume operations. Not API.
 */
package io.jvirt.storage.internal;
