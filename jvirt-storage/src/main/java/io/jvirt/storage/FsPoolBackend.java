package io.jvirt.storage;

import io.jvirt.conf.storage.FsFormat;
import io.jvirt.conf.storage.PoolDef;
import io.jvirt.storage.StorageException.Kind;
import io.jvirt.storage.internal.Commands;
import io.jvirt.storage.internal.FileStat;
import io.jvirt.storage.internal.FsCommands;
import io.jvirt.storage.internal.HostFiles;
import io.jvirt.storage.internal.MountTable;
import io.jvirt.storage.internal.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A pool on a block device with a file system, mounted on the target directory while the
 * pool runs ({@code mount -t TYPE -o nodev,nosuid,noexec DEVICE TARGET}). Build makes the
 * file system and refuses a device that already holds one unless overwriting is asked.
 * Whether the pool runs is read from {@code /proc/self/mountinfo}, so it survives a restart
 * of whoever mounted it.
 */
public final class FsPoolBackend implements PoolBackend {

    private static final long MKFS_TIMEOUT_SECONDS = 600;
    private static final long MOUNT_TIMEOUT_SECONDS = 120;

    private final PoolDef def;

    FsPoolBackend(PoolDef def) {
        this.def = def;
    }

    @Override
    public PoolDef def() {
        return def;
    }

    @Override
    public boolean fileVolumes() {
        return true;
    }

    private String device() {
        return def.source().device();
    }

    private FsFormat format() {
        return def.source().format();
    }

    @Override
    public void build(boolean overwrite) {
        if (format() == FsFormat.AUTO) {
            throw new StorageException(Kind.INVALID_ARGUMENT, def.name(), null, "Pool '" + def.name()
                    + "' has the source format 'auto', so there is no file system to make; set <format type> to "
                    + "ext4, xfs or btrfs.");
        }
        String dev = requireDevice();
        List<MountTable.Mount> mounts = mountTable().ofDevice(dev, majorMinor(dev));
        if (!mounts.isEmpty()) {
            throw new StorageException(Kind.DEVICE_IN_USE, def.name(), null, "The device " + device() + " of pool '"
                    + def.name() + "' is mounted on " + mounts.getFirst().mountPoint() + "; unmount it before building "
                    + "a file system on it.");
        }
        if (!overwrite) {
            Commands.Result probe = Commands.run(FsCommands.probe(dev), MOUNT_TIMEOUT_SECONDS, def.name());
            switch (probe.exitCode()) {
                case 0 -> {
                    String found = probe.stdout().strip();
                    throw new StorageException(Kind.DEVICE_IN_USE, def.name(), null, "The device " + device()
                            + " of pool '" + def.name() + "' already holds " + (found.isEmpty() ? "data with a known "
                            + "signature" : "a file system of type " + found) + "; build with overwrite to replace it "
                            + "(everything on it is lost).");
                }
                case 2 -> { }
                default -> throw new StorageException(Kind.COMMAND_FAILED, def.name(), null, "Probing the device "
                        + device() + " with blkid failed with exit status " + probe.exitCode() + ": "
                        + probe.lastWords() + ".");
            }
        }
        Commands.check(FsCommands.mkfs(format(), dev), MKFS_TIMEOUT_SECONDS, def.name());
        HostFiles.makePoolDirectory(def);
    }

    @Override
    public void start() {
        String dev = requireDevice();
        Path dir = directory();
        if (!Files.isDirectory(dir)) {
            throw new StorageException(Kind.NOT_FOUND, def.name(), null, "The mount directory " + dir + " of pool '"
                    + def.name() + "' does not exist; build the pool first.");
        }
        String real = realDirectory();
        MountTable table = mountTable();
        Optional<MountTable.Mount> there = table.at(real);
        String mm = majorMinor(dev);
        if (there.isPresent()) {
            MountTable.Mount m = there.get();
            boolean ours = m.source().equals(dev) || m.majorMinor().equals(mm);
            throw new StorageException(ours ? Kind.POOL_ACTIVE : Kind.DEVICE_IN_USE, def.name(), null, ours
                    ? "Pool '" + def.name() + "' is already running: " + device() + " is mounted on " + dir + "."
                    : "Another file system (" + m.source() + ") is mounted on " + dir + ", the directory of pool '"
                            + def.name() + "'; unmount it first.");
        }
        List<MountTable.Mount> elsewhere = table.ofDevice(dev, mm);
        if (!elsewhere.isEmpty()) {
            throw new StorageException(Kind.DEVICE_IN_USE, def.name(), null, "The device " + device() + " of pool '"
                    + def.name() + "' is already mounted on " + elsewhere.getFirst().mountPoint()
                    + "; unmount it there first.");
        }
        Commands.check(FsCommands.mount(format(), dev, real), MOUNT_TIMEOUT_SECONDS, def.name());
        try {
            HostFiles.apply(dir, def.target().permissions(), null);
        } catch (IOException e) {
            Commands.run(FsCommands.umount(real), MOUNT_TIMEOUT_SECONDS, def.name());
            throw new StorageException(Kind.IO, def.name(), null, "The permissions of " + dir + " cannot be set after "
                    + "mounting pool '" + def.name() + "': " + HostFiles.describe(e) + "; the pool was unmounted again.",
                    e);
        }
    }

    @Override
    public void stop() {
        if (isActive()) {
            Commands.check(FsCommands.umount(realDirectory()), MOUNT_TIMEOUT_SECONDS, def.name());
        }
    }

    @Override
    public void delete() {
        if (isActive()) {
            throw new StorageException(Kind.POOL_ACTIVE, def.name(), null, "Pool '" + def.name()
                    + "' is still mounted on " + directory() + "; stop it before deleting it.");
        }
        HostFiles.removePoolDirectory(def);
    }

    @Override
    public boolean isActive() {
        if (!Files.isDirectory(directory())) {
            return false;
        }
        return mountTable().at(realDirectory()).isPresent();
    }

    private String requireDevice() {
        Path dev = Path.of(device());
        if (!Files.exists(dev)) {
            throw new StorageException(Kind.NOT_FOUND, def.name(), null, "The device " + device() + " of pool '"
                    + def.name() + "' does not exist.");
        }
        try {
            return dev.toRealPath().toString();
        } catch (IOException e) {
            throw new StorageException(Kind.IO, def.name(), null, "The device " + device() + " of pool '" + def.name()
                    + "' cannot be resolved: " + HostFiles.describe(e) + ".", e);
        }
    }

    private String realDirectory() {
        try {
            return directory().toRealPath().toString();
        } catch (IOException e) {
            throw new StorageException(Kind.IO, def.name(), null, "The directory " + directory() + " of pool '"
                    + def.name() + "' cannot be resolved: " + HostFiles.describe(e) + ".", e);
        }
    }

    private static String majorMinor(String device) {
        try {
            FileStat st = Native.lstat(Path.of(device));
            return st.isBlockDevice() ? st.rdev() : null;
        } catch (Native.NativeError e) {
            return null;
        }
    }

    private MountTable mountTable() {
        try {
            return MountTable.read();
        } catch (IOException e) {
            throw new StorageException(Kind.IO, def.name(), null,
                    "The mount table /proc/self/mountinfo cannot be read: " + HostFiles.describe(e) + ".", e);
        }
    }
}
