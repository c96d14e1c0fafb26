package io.jvirt.daemon.domain;

import java.util.Set;

/**
 * Every operation on a domain's saved memory, as a value (virsh's save, restore, managedsave,
 * managedsave-remove, save-image-define and dump). {@link DomainService#execute(SaveCommand)}
 * dispatches it to the {@link SaveService}.
 */
public sealed interface SaveCommand {

    /**
     * Saves a running domain's memory to {@code file} and stops it.
     *
     * @param xml a definition to record instead of the running one (same hardware), or null
     */
    record Save(String ref, String file, String xml, Set<Flag> flags) implements SaveCommand {
        public Save {
            flags = Set.copyOf(flags);
        }
    }

    /** Starts a domain from a save image; the guest goes on where it was. */
    record Restore(String file, String xml, Set<Flag> flags) implements SaveCommand {
        public Restore {
            flags = Set.copyOf(flags);
        }
    }

    /** Saves a persistent domain's memory where its next start finds it. */
    record ManagedSave(String ref, Set<Flag> flags) implements SaveCommand {
        public ManagedSave {
            flags = Set.copyOf(flags);
        }
    }

    /** Removes a domain's managed save image. */
    record ManagedSaveRemove(String ref) implements SaveCommand { }

    /** Replaces the definition recorded in a save image (same hardware), or only its running/paused mark. */
    record ImageDefine(String file, String xml, Set<Flag> flags) implements SaveCommand {
        public ImageDefine {
            flags = Set.copyOf(flags);
        }
    }

    /** Writes the guest's memory to {@code file} as an ELF core ({@code dump --memory-only}). */
    record Dump(String ref, String file, String format) implements SaveCommand { }

    /** libvirt's save/restore flags. */
    enum Flag {
        /** Write (save) or read (restore) the memory image with O_DIRECT, past the host's page cache. */
        BYPASS_CACHE,
        /** Run the guest after the restore, whatever it did when saved. */
        RUNNING,
        /** Leave the guest paused after the restore. */
        PAUSED
    }
}
