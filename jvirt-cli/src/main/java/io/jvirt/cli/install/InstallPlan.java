package io.jvirt.cli.install;

import io.jvirt.conf.domain.DomainDef;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code jvirt install} is going to do, decided before anything is done: the pure
 * result of {@link InstallPlanner}. {@link InstallExecutor} carries it out.
 *
 * @param domain the definition for the installed guest's boots (what is defined)
 * @param installDomain the definition of the first boot when it differs (install media, kernel,
 *     {@code on_reboot=destroy}), or null when the first boot is an ordinary boot
 * @param volumes the disk images to create, in order
 * @param kernelMedia where the first boot's kernel and initrd come from, or null
 * @param firstBootMedia extra read-only media in the first boot only (seed ISOs such as a
 *     cloud-init NoCloud seed; the hook for {@code --cloud-init}); the installed definition keeps
 *     their CD-ROM drives, empty, as virt-install does
 * @param transientDomain whether the domain stays transient (never defined)
 * @param autostart whether to mark it for autostart
 * @param notes lines to tell the user (defaults taken, as virt-install prints them)
 */
public record InstallPlan(DomainDef domain, DomainDef installDomain, List<NewVolume> volumes, KernelMedia kernelMedia,
                          List<Path> firstBootMedia, boolean transientDomain, boolean autostart, List<String> notes) {

    /** Copies the lists. */
    public InstallPlan {
        volumes = List.copyOf(volumes);
        firstBootMedia = List.copyOf(firstBootMedia);
        notes = List.copyOf(notes);
    }

    /** Returns whether the first boot differs from the installed guest's boots. */
    public boolean hasInstallPhase() {
        return installDomain != null;
    }

    /** Returns the definition the guest first boots with. */
    public DomainDef firstBoot() {
        return installDomain != null ? installDomain : domain;
    }

    /**
     * The kernel and initrd of a {@code --location} install: files in a tree directory, inside an
     * ISO, or on a web server (extracted or downloaded before the first boot to {@code kernel} and
     * {@code initrd}).
     *
     * @param source where the tree is
     * @param kernelInSource the kernel's path in the tree
     * @param initrdInSource the initrd's path in the tree
     * @param kernel where the first boot reads the kernel
     * @param initrd where the first boot reads the initrd
     * @param inject files to append to the initrd ({@code --initrd-inject}), each at the initrd's root
     */
    public record KernelMedia(TreeSource source, String kernelInSource, String initrdInSource, Path kernel, Path initrd,
                              List<Path> inject) {
        /** Copies the list. */
        public KernelMedia {
            inject = List.copyOf(inject);
        }

        /** Returns whether the files must be extracted, downloaded or rebuilt before the first boot. */
        public boolean needsStaging() {
            return switch (source) {
                case TreeSource.Directory d -> !inject.isEmpty();
                case TreeSource.Iso i -> true;
                case TreeSource.Url u -> true;
            };
        }
    }
}
