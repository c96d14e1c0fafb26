package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.store.DefinitionStore;
import io.jvirt.qemu.address.AddressAssigner;
import io.jvirt.qemu.address.AddressException;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Where a change of a defined domain ends: its new persistent definition stored (durable before
 * it is used) or its new live definition recorded in the run directory. Job lock held.
 */
final class DefinitionSaves {
    private static final Logger LOG = Logger.getLogger(DefinitionSaves.class.getName());

    private final DomainRunner runner;
    private final DefinitionStore defs;

    DefinitionSaves(DomainRunner runner, DefinitionStore defs) {
        this.runner = runner;
        this.defs = defs;
    }

    /** Stores a new persistent definition (without the aliases of running cards) and makes it the domain's. */
    void config(DomainObj obj, DomainDef def) {
        DomainDef stored = LiveDevices.forPersistent(def);
        try {
            defs.save(stored.name(), DomainXml.format(stored, Secrets.INCLUDE));
        } catch (IOException e) {
            throw new DaemonException(ErrorCode.INTERNAL, "cannot save the definition of domain '" + obj.name()
                    + "' to " + defs.fileOf(obj.name()) + ": " + e.getMessage() + ".", e);
        }
        obj.setPersistentDef(stored);
    }

    /**
     * Makes {@code live} the running domain's live definition and records it in the run directory.
     * The machine has changed already, so a record that cannot be written is logged, not thrown.
     */
    void live(DomainObj obj, DomainDef live) {
        obj.setLiveDef(live);
        try {
            runner.saveRecord(obj);
        } catch (IOException e) {
            LOG.warning("domain " + obj.name() + ": the changed live definition could not be recorded (a restarted "
                    + "daemon finds the devices it had before): " + e.getMessage());
        }
    }

    /**
     * Builds a changed definition, turning the model's refusal into INVALID_ARGUMENT with its
     * sentence: a device added twice, two devices at one address.
     */
    static <T> T build(String domain, Supplier<T> change) {
        try {
            return change.get();
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "domain '" + domain + "': " + e.getMessage(), e);
        }
    }

    /** Gives a changed definition its addresses, as at define time; the device may not fit. */
    static DomainDef assign(String domain, DomainDef def) {
        try {
            return AddressAssigner.assign(def);
        } catch (AddressException e) {
            ErrorCode code = switch (e.kind()) {
                case CONFLICT, FULL -> ErrorCode.INVALID_ARGUMENT;
                case UNSUPPORTED -> ErrorCode.UNSUPPORTED;
            };
            throw new DaemonException(code, "domain '" + domain + "': " + e.getMessage(), e);
        }
    }
}
