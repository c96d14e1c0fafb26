package io.jvirt.daemon.domain;

import io.jvirt.conf.domain.DomainDef;
import java.nio.file.Path;
import java.util.List;

/**
 * Gives a domain its firmware: at define, a variable store path for a read-only UEFI loader
 * named without one (libvirt's post-parse step); before QEMU starts, the firmware chosen from
 * the host's descriptors for {@code <os firmware>} and the variable store created from its
 * template; at undefine, the store to keep or delete. Implemented by
 * {@link io.jvirt.daemon.firmware.HostFirmware}; the domain runner only calls it.
 */
public interface FirmwarePlumbing {

    /**
     * What {@link #prepare} did.
     *
     * @param live the definition to start, with the chosen firmware written in
     * @param created the files it created (a new variable store), which {@link #undo} removes
     * @param note what was chosen, for the log, or null
     */
    record Prepared(DomainDef live, List<Path> created, String note) {
        /** Copies the list. */
        public Prepared {
            created = List.copyOf(created);
        }
    }

    /**
     * Completes a definition being defined, as libvirt's post-parse does.
     *
     * @param def the parsed definition
     * @return the definition to store
     */
    DomainDef atDefine(DomainDef def);

    /**
     * Chooses the firmware and creates the variable store from its template when it does not exist.
     *
     * @param domain the domain name, for messages
     * @param def the definition about to start
     * @return the live definition and what was created
     * @throws io.jvirt.daemon.DaemonException when no firmware fits or the store cannot be made;
     *     nothing is left behind
     */
    Prepared prepare(String domain, DomainDef def);

    /**
     * Removes what {@link #prepare} created, after a start that failed. Never throws.
     *
     * @param prepared what prepare returned
     */
    void undo(Prepared prepared);

    /**
     * Returns the UEFI variable store a definition uses: its {@code <nvram>}, or for
     * {@code <os firmware='efi'>} the one a start gives it.
     *
     * @param def the definition
     * @return the path, or null when the domain has none
     */
    Path nvram(DomainDef def);

    /** Plumbing for a daemon without firmware support: definitions pass through unchanged. */
    FirmwarePlumbing NONE = new FirmwarePlumbing() {
        @Override
        public DomainDef atDefine(DomainDef def) {
            return def;
        }

        @Override
        public Prepared prepare(String domain, DomainDef def) {
            return new Prepared(def, List.of(), null);
        }

        @Override
        public void undo(Prepared prepared) {
        }

        @Override
        public Path nvram(DomainDef def) {
            return def.os().nvram() == null || def.os().nvram().path() == null ? null
                    : Path.of(def.os().nvram().path());
        }
    };
}
