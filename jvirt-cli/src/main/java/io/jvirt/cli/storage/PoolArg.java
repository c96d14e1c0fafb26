package io.jvirt.cli.storage;

/**
 * The valued options of {@code pool-define-as} and {@code pool-create-as}, in virsh 9.0's order
 * (tools/virsh-pool.c, {@code VIRSH_COMMON_OPT_POOL_X_AS}), which is also the order virsh fills
 * them in from positional arguments after NAME and TYPE (jvirt's {@code VirshArguments} does so
 * from its table, and {@link PoolSpec} takes a {@code -} as "left out", as in virsh's well-known
 * {@code pool-define-as NAME dir - - - - DIR}). Only
 * {@link #SOURCE_DEV}, {@link #SOURCE_FORMAT} and {@link #TARGET} describe something jvirt's pool
 * types (dir, fs) have; the others are accepted by the parser so that a virsh command line gets a
 * sentence naming them rather than "unknown option".
 */
enum PoolArg {
    SOURCE_HOST("--source-host", "HOST", "The server of a network pool (not used by dir or fs pools)."),
    SOURCE_PATH("--source-path", "PATH", "The source directory of a network pool (not used by dir or fs pools)."),
    SOURCE_DEV("--source-dev", "DEVICE", "fs: the block device holding the pool's file system."),
    SOURCE_NAME("--source-name", "NAME", "The source name of a logical or rbd pool (not used by dir or fs pools)."),
    TARGET("--target", "DIR", "The directory the pool's volumes live in (fs: where the device is mounted)."),
    SOURCE_FORMAT("--source-format", "FORMAT", "fs: the device's file system: auto (default), ext4, xfs or btrfs."),
    AUTH_TYPE("--auth-type", "TYPE", "chap or ceph authentication (not used by dir or fs pools)."),
    AUTH_USERNAME("--auth-username", "USER", "The user to authenticate as (not used by dir or fs pools)."),
    SECRET_USAGE("--secret-usage", "USAGE", "The secret's usage (not used by dir or fs pools)."),
    SECRET_UUID("--secret-uuid", "UUID", "The secret's UUID (not used by dir or fs pools)."),
    ADAPTER_NAME("--adapter-name", "NAME", "A scsi_host adapter (not used by dir or fs pools)."),
    ADAPTER_WWNN("--adapter-wwnn", "WWNN", "A fc_host adapter's WWNN (not used by dir or fs pools)."),
    ADAPTER_WWPN("--adapter-wwpn", "WWPN", "A fc_host adapter's WWPN (not used by dir or fs pools)."),
    ADAPTER_PARENT("--adapter-parent", "PARENT", "The vHBA's parent scsi_hostN (not used by dir or fs pools)."),
    ADAPTER_PARENT_WWNN("--adapter-parent-wwnn", "WWNN", "The vHBA parent's WWNN (not used by dir or fs pools)."),
    ADAPTER_PARENT_WWPN("--adapter-parent-wwpn", "WWPN", "The vHBA parent's WWPN (not used by dir or fs pools)."),
    ADAPTER_PARENT_FABRIC_WWN("--adapter-parent-fabric-wwn", "WWN",
            "The vHBA parent's fabric WWN (not used by dir or fs pools)."),
    SOURCE_PROTOCOL_VER("--source-protocol-ver", "VER", "The NFS version of a netfs pool (not used by dir or fs pools)."),
    SOURCE_INITIATOR("--source-initiator", "IQN", "The initiator IQN of an iSCSI pool (not used by dir or fs pools).");

    private final String option;
    private final String label;
    private final String description;

    PoolArg(String option, String label, String description) {
        this.option = option;
        this.label = label;
        this.description = description;
    }

    /** The option's name, such as {@code --source-dev}. */
    String option() {
        return option;
    }

    /** The value's name in help. */
    String label() {
        return label;
    }

    /** The help text. */
    String description() {
        return description;
    }
}
