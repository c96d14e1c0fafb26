package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.daemon.DaemonException;
import io.jvirt.daemon.store.DefinitionStore;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code domrename}: a shut-off, persistent domain gets another name, as libvirt's
 * qemuDomainRename does it (same UUID; the old name's undefined event and the new name's defined
 * event, detail renamed). The definition is stored under the new name before the old one is
 * removed, so a crash in between leaves both files, of which the daemon loads the first it reads
 * and warns about the other. Job lock held.
 */
final class DomainRename {
    private static final Logger LOG = Logger.getLogger(DomainRename.class.getName());

    private final DomainRegistry registry;
    private final DefinitionStore defs;
    private final EventBus events;

    DomainRename(DomainRegistry registry, DefinitionStore defs, EventBus events) {
        this.registry = registry;
        this.defs = defs;
        this.events = events;
    }

    void rename(DomainObj obj, String newName) {
        String old = obj.name();
        try {
            DomainDef.validateName(newName);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
        if (newName.equals(old)) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, "domain '" + old + "' already has that name.");
        }
        if (obj.status().active()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + old + "' is running; shut it off before "
                    + "renaming it.");
        }
        if (!obj.persistent()) {
            throw new DaemonException(ErrorCode.INVALID_STATE, "domain '" + old + "' is transient and cannot be "
                    + "renamed.");
        }
        DomainDef renamed = obj.persistentDef().withName(newName);
        registry.rename(obj, newName);
        boolean autostart = obj.autostart();
        try {
            defs.save(newName, DomainXml.format(renamed, Secrets.INCLUDE));
            if (autostart) {
                defs.setAutostart(newName, true);
            }
        } catch (IOException e) {
            registry.rename(obj, old);
            throw new DaemonException(ErrorCode.INTERNAL, "cannot save the definition of domain '" + newName + "' to "
                    + defs.fileOf(newName) + ": " + e.getMessage() + ".", e);
        }
        obj.setPersistentDef(renamed);
        try {
            defs.setAutostart(old, false);
            defs.delete(old);
        } catch (IOException e) {
            LOG.warning("domain " + newName + ": the definition under its old name '" + old + "' could not be "
                    + "removed (" + e.getMessage() + "); remove " + defs.fileOf(old) + " by hand.");
        }
        events.publish(obj, "undefined", "renamed", old);
        events.publish(obj, "defined", "renamed");
        LOG.info("domain " + old + " renamed to " + newName);
    }
}
