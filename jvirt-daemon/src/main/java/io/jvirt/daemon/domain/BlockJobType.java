package io.jvirt.daemon.domain;

/** libvirt's block job types ({@code virDomainBlockJobType}), with virsh's words for them. */
enum BlockJobType {
    /** {@code blockpull}: QEMU's block-stream. */
    PULL("pull", "Block Pull"),
    /** {@code blockcopy}: QEMU's blockdev-mirror. */
    COPY("copy", "Block Copy"),
    /** {@code blockcommit} of a layer below the active one: QEMU's block-commit, ending on its own. */
    COMMIT("commit", "Block Commit"),
    /** {@code blockcommit --active}: a block-commit of the active layer, ready to pivot. */
    ACTIVE_COMMIT("active-commit", "Active Block Commit");

    private final String word;
    private final String label;

    BlockJobType(String word, String label) {
        this.word = word;
        this.label = label;
    }

    /** libvirt's word ({@code blockjob --raw} prints it). */
    String word() {
        return word;
    }

    /** virsh's name ({@code Block Commit}). */
    String label() {
        return label;
    }

    /** Whether the job becomes ready and waits for a pivot or an abort. */
    boolean twoPhase() {
        return switch (this) {
            case COPY, ACTIVE_COMMIT -> true;
            case PULL, COMMIT -> false;
        };
    }

    /** The type for libvirt's word. */
    static BlockJobType of(String word) {
        for (BlockJobType t : values()) {
            if (t.word.equals(word)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no block job type " + word);
    }
}
