package io.jvirt.cli.install;

import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.VolumeCreateRequest;
import io.jvirt.client.JvirtClient;
import io.jvirt.conf.common.Secrets;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.domain.InterfaceDef;
import io.jvirt.conf.domain.NetBackend;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Carries out an {@link InstallPlan} through jvirtd's API, in virt-install's order: the
 * {@code default} network started when the guest uses it and it is inactive, the install
 * kernel staged, the disks created by the storage API (the image engine), then the first boot
 * started and the installed guest's definition stored (an install boot runs as the live
 * definition while the persistent one is already the post-install one, so the install media
 * are gone at the guest's next boot). If any step fails, what was created is removed again:
 * the domain stopped and undefined, the new volumes deleted, staged files removed.
 */
final class InstallExecutor {
    private final JvirtClient client;
    private final InstallMediaStager stager;
    private final PrintWriter progress;

    /**
     * What the run did.
     *
     * @param started whether the guest runs
     * @param defined whether a persistent definition was stored
     */
    record Result(boolean started, boolean defined) {
    }

    /**
     * An executor.
     *
     * @param client the daemon
     * @param stager stages a --location kernel and initrd
     * @param progress where progress lines go, or null for none
     */
    InstallExecutor(JvirtClient client, InstallMediaStager stager, PrintWriter progress) {
        this.client = client;
        this.stager = stager;
        this.progress = progress;
    }

    /**
     * Runs the plan.
     *
     * @param plan the plan
     * @param run how
     * @return what it did
     * @throws InstallException when a step fails (after undoing the steps before it)
     */
    Result execute(InstallPlan plan, RunOptions run) {
        String name = plan.domain().name();
        List<NewVolume> created = new ArrayList<>();
        List<Path> staged = new ArrayList<>();
        boolean started = false;
        boolean defined = false;
        try {
            startDefaultNetwork(plan);
            if (plan.kernelMedia() != null && plan.kernelMedia().needsStaging()) {
                if (plan.kernelMedia().source() instanceof TreeSource.Url(URI base)) {
                    say("Retrieving the kernel and initrd from " + base);
                }
                staged.addAll(stager.stage(plan.kernelMedia()));
            }
            for (NewVolume v : plan.volumes()) {
                say("Creating volume " + v.name() + " in pool " + v.pool() + " ("
                        + String.format("%.1f GiB", v.capacityBytes() / (double) (1L << 30)) + ")");
                client.createVolumeAs(v.pool(), new VolumeCreateRequest(v.name(), v.format(), v.capacityBytes(), null,
                        v.backingPath() == null ? null : v.backingPath().toString(), !v.sparse()));
                created.add(v);
            }
            String finalXml = DomainXml.format(plan.domain(), Secrets.INCLUDE);
            if (plan.transientDomain()) {
                say("Starting domain " + name);
                client.create(DomainXml.format(plan.firstBoot(), Secrets.INCLUDE), false);
                started = true;
            } else if (plan.hasInstallPhase()) {
                say("Starting install of domain " + name);
                client.create(DomainXml.format(plan.installDomain(), Secrets.INCLUDE), false);
                started = true;
                client.define(finalXml);
                defined = true;
            } else {
                client.define(finalXml);
                defined = true;
                say("Starting domain " + name);
                client.action(name, "start", Map.of());
                started = true;
            }
            if (plan.autostart() && defined) {
                client.setAutostart(name, true);
            }
            removeQuietly(staged);
            return new Result(started, defined);
        } catch (IOException | RuntimeException e) {
            undo(name, started, defined, created, staged);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
            if (!why.endsWith(".")) {
                why = why + ".";
            }
            throw new InstallException("The install of '" + name + "' failed and everything it created was removed: "
                    + why, e);
        }
    }

    private void startDefaultNetwork(InstallPlan plan) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (InterfaceDef nic : plan.firstBoot().devices().interfaces()) {
            if (nic.backend() instanceof NetBackend.Network n) {
                used.add(n.network());
            }
        }
        if (used.isEmpty()) {
            return;
        }
        for (var n : client.listNetworks(true)) {
            if (!n.active() && used.contains(n.name())) {
                say("Starting network '" + n.name() + "', which the guest uses (it was inactive).");
                client.networkAction(n.name(), "start");
            }
        }
    }

    private void undo(String name, boolean started, boolean defined, List<NewVolume> created, List<Path> staged) {
        if (started) {
            try {
                client.action(name, "destroy", Map.of());
            } catch (RuntimeException e) {
                say("Could not stop domain " + name + ": " + e.getMessage());
            }
        }
        if (defined) {
            try {
                client.undefine(name, JvirtClient.NvramPolicy.DELETE, false);
            } catch (RuntimeException e) {
                say("Could not undefine domain " + name + ": " + e.getMessage());
            }
        }
        for (NewVolume v : created.reversed()) {
            try {
                client.deleteVolume(v.pool(), v.name());
            } catch (RuntimeException e) {
                say("Could not delete volume " + v.pool() + "/" + v.name() + ": " + e.getMessage());
            }
        }
        removeQuietly(staged);
    }

    private static void removeQuietly(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a staged copy left in the temporary directory harms nothing
            }
        }
    }

    /**
     * Waits until the install boot ends (the guest stops, as {@code on_reboot=destroy} makes its reboot do).
     *
     * @param name the domain
     * @param minutes how long, -1 for ever
     */
    void awaitInstallEnd(String name, int minutes) throws InterruptedException {
        long deadline = minutes < 0 ? Long.MAX_VALUE : System.nanoTime() + minutes * 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            DomainInfo info = client.info(name);
            if (info.state() == DomainState.SHUTOFF) {
                return;
            }
            Thread.sleep(500);
        }
        say("Domain " + name + " is still running after " + minutes + " minutes; leaving it to finish.");
    }

    /**
     * Boots the installed guest (its persistent definition, without install media).
     *
     * @param name the domain
     */
    void bootInstalled(String name) {
        if (client.info(name).state() == DomainState.SHUTOFF) {
            say("Booting the installed domain " + name);
            client.action(name, "start", Map.of());
        }
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }
}
