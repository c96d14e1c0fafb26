package io.jvirt.cli.clone;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.client.JvirtClient;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.storage.VolumeDef;
import io.jvirt.conf.storage.VolumeFormat;
import io.jvirt.conf.storage.VolumeTarget;
import io.jvirt.conf.storage.VolumeType;
import io.jvirt.conf.storage.VolumeXml;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link ClonePlan} through jvirtd: the disk images first (the daemon's storage
 * layer copies them with the image engine, holding QEMU's image locks), then, with
 * {@code --replace}, the domain of the new name is stopped and undefined, then the definition,
 * then the NVRAM and TPM state. When a step fails, what was made is removed, newest first, a
 * replaced domain is defined again, and the failure is passed on.
 */
final class CloneExecutor {
    private CloneExecutor() {
    }

    static void execute(JvirtClient client, ClonePlan plan, PrintWriter out, boolean quiet) {
        List<ClonePlan.DiskCopy> made = new ArrayList<>();
        String name = plan.newDef().name();
        boolean defined = false;
        String replacedXml = null;
        try {
            for (ClonePlan.DiskCopy c : plan.copies()) {
                if (!quiet) {
                    out.println("Allocating '" + c.name() + "'");
                    out.flush();
                }
                long t0 = System.nanoTime();
                client.createVolumeFrom(c.pool(), volumeXml(c), c.source().pool(), c.source().name(), mode(c.mode()));
                made.add(c);
                if (!quiet) {
                    out.printf("Allocated '%s' (%s, %.1f s)%n", c.name(), c.mode().name().toLowerCase(),
                            (System.nanoTime() - t0) / 1e9);
                }
            }
            if (plan.replaces() != null) {
                replacedXml = replace(client, plan);
            }
            client.define(DomainXml.format(plan.newDef(), Secrets.INCLUDE));
            defined = true;
            if (plan.copyState() && plan.originalName() != null) {
                client.action(name, "copy-state", Map.of("from", plan.originalName()));
            }
        } catch (RuntimeException e) {
            if (defined) {
                // KEEP: a variable store at the clone's path that copy-state did not make is not ours to delete
                // (copy-state removes its own partial copies); a new UUID's TPM state can only be ours
                undo(() -> client.undefine(name, JvirtClient.NvramPolicy.KEEP, false), e);
            }
            if (replacedXml != null) {
                String xml = replacedXml;
                undo(() -> client.define(xml), e);
            }
            for (int i = made.size() - 1; i >= 0; i--) {
                ClonePlan.DiskCopy c = made.get(i);
                undo(() -> client.deleteVolume(c.pool(), c.name()), e);
            }
            throw e;
        }
        for (String note : plan.notes()) {
            out.println("note: " + note);
        }
        if (!quiet) {
            out.println();
            out.println("Clone '" + name + "' created successfully.");
        }
        out.flush();
    }

    /**
     * Stops (destroy) and undefines the domain {@code --replace} replaces, as virt-clone does;
     * its disks stay. Returns its persistent definition, to define it again if a later step fails.
     */
    private static String replace(JvirtClient client, ClonePlan plan) {
        String old = plan.replaces();
        DomainInfo info = client.info(old);
        String xml = info.persistent() ? client.xml(old, true, true) : null;
        if (info.state() != DomainState.SHUTOFF) {
            client.action(old, "destroy", Map.of());
        }
        if (info.persistent()) {
            client.undefine(old, plan.replacedNvram() ? JvirtClient.NvramPolicy.DELETE : JvirtClient.NvramPolicy.KEEP,
                    false);
        }
        return xml;
    }

    private static void undo(Runnable step, RuntimeException failure) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    static String mode(ClonePlan.Mode m) {
        return switch (m) {
            case FULL, FULL_NONSPARSE -> "full";
            case REFLINK -> "reflink";
            case OVERLAY -> "overlay";
        };
    }

    /** The new volume's XML: name, capacity, format, and for --nonsparse an allocation equal to the capacity. */
    static String volumeXml(ClonePlan.DiskCopy c) {
        long cap = c.source().capacity();
        VolumeFormat format = Arrays.stream(VolumeFormat.values()).filter(f -> f.xml().equals(c.format())).findFirst()
                .orElse(null);
        VolumeTarget target = new VolumeTarget(null, format, null, null, null, null, false);
        return VolumeXml.format(new VolumeDef(VolumeType.FILE, c.name(), null, cap,
                c.mode() == ClonePlan.Mode.FULL_NONSPARSE ? cap : null, null, target, null));
    }
}
