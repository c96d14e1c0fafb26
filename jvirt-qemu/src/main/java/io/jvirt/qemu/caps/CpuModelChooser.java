package io.jvirt.qemu.caps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Names a CPU feature set the way libvirt's host CPU description does: the named model whose
 * features the set has all of (the most such features wins; the model's vendor must be the
 * host's or none), plus the features of the set the model lacks. Pure.
 */
public final class CpuModelChooser {

    /**
     * A feature set described as a model plus extras.
     *
     * @param model the model's name
     * @param extra the features beyond the model's, in the order of the set
     * @param missing the model's features the set lacks (empty for a host CPU), in the model's order
     */
    public record Choice(String model, List<String> extra, List<String> missing) {
        /** Copies the lists. */
        public Choice {
            extra = List.copyOf(extra);
            missing = List.copyOf(missing);
        }
    }

    private CpuModelChooser() {
    }

    /**
     * Chooses a model for {@code features} (QEMU's names).
     *
     * @param features the features, in the order they are to be listed
     * @param vendor the host's vendor in libvirt's words ({@code AMD}), or {@code unknown}
     * @param models the candidates
     * @param known the names QEMU knows as features at all; others in {@code features} are left out
     * @return the choice; {@code qemu64} with every known feature when no model fits
     */
    public static Choice choose(List<String> features, String vendor, List<QemuCaps.CpuModel> models,
                                Set<String> known) {
        Set<String> have = new HashSet<>(features);
        QemuCaps.CpuModel best = null;
        for (QemuCaps.CpuModel m : models) {
            boolean vendorFits = m.vendor().equals("unknown") || m.vendor().equals(vendor);
            if (!vendorFits || m.deprecated() || m.features().isEmpty() || !have.containsAll(m.features())) {
                continue;
            }
            if (best == null || m.features().size() > best.features().size()) {
                best = m;
            }
        }
        Set<String> base = best == null ? Set.of() : new HashSet<>(best.features());
        List<String> extra = new ArrayList<>();
        for (String f : features) {
            if (!base.contains(f) && known.contains(f)) {
                extra.add(f);
            }
        }
        return new Choice(best == null ? "qemu64" : best.name(), extra, List.of());
    }

    /**
     * Chooses a model for a guest CPU ({@code host-model}): features may also be taken away, so
     * the model needing the fewest additions and removals wins (libvirt's rule for guest CPUs);
     * on a tie the one with more features.
     *
     * @param features the features the guest gets, QEMU's names, in the order they are to be listed
     * @param vendor the host's vendor
     * @param models the candidates
     * @param known the names QEMU knows as features
     * @return the model, the features to add and the model's features to disable
     */
    public static Choice chooseWithRemovals(List<String> features, String vendor, List<QemuCaps.CpuModel> models,
                                            Set<String> known) {
        Set<String> have = new HashSet<>();
        for (String f : features) {
            if (known.contains(f)) {
                have.add(f);
            }
        }
        QemuCaps.CpuModel best = null;
        int bestCost = Integer.MAX_VALUE;
        for (QemuCaps.CpuModel m : models) {
            boolean vendorFits = m.vendor().equals("unknown") || m.vendor().equals(vendor);
            if (!vendorFits || m.deprecated() || m.features().isEmpty()) {
                continue;
            }
            Set<String> mine = new HashSet<>(m.features());
            int cost = 0;
            for (String f : have) {
                cost += mine.contains(f) ? 0 : 1;
            }
            for (String f : mine) {
                cost += have.contains(f) ? 0 : 1;
            }
            if (cost < bestCost || cost == bestCost && m.features().size() > best.features().size()) {
                best = m;
                bestCost = cost;
            }
        }
        if (best == null) {
            return choose(features, vendor, models, known);
        }
        Set<String> base = new HashSet<>(best.features());
        List<String> extra = new ArrayList<>();
        for (String f : features) {
            if (!base.contains(f) && known.contains(f)) {
                extra.add(f);
            }
        }
        List<String> missing = best.features().stream().filter(f -> !have.contains(f)).toList();
        return new Choice(best.name(), extra, missing);
    }
}
