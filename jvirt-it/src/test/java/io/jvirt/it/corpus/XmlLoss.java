package io.jvirt.it.corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds what of an input document its formatted output no longer says. The output may add
 * (defaults jvirt fills in: a generated UUID or MAC, {@code index='0'}, {@code currentMemory},
 * {@code mode='custom'}); it must not drop or change. Both documents are {@link XmlTree}-normalized
 * first, and:
 * <ul>
 *   <li>every attribute of an input element must be on its output counterpart with the
 *       {@linkplain XmlTree#sameValue same value};</li>
 *   <li>non-empty input text must be the output's text;</li>
 *   <li>each input child is paired with an unpaired output child of the same name, the one that
 *       loses least (so reordering is allowed, as libvirt's formatter reorders too); an input child
 *       with no counterpart is lost as a whole.</li>
 * </ul>
 * A loss is a line such as {@code lost attribute /domain/devices/disk[2]/driver/@cache='none'}; its
 * {@linkplain Loss#kind() kind} drops the positions and the value, so that losses group across files.
 */
final class XmlLoss {

    /**
     * One thing the output does not keep.
     *
     * @param kind what was lost, without positions or values ({@code lost attribute disk/driver/@cache})
     * @param detail the full line with positions and values
     */
    record Loss(String kind, String detail) {
    }

    private XmlLoss() {
    }

    /** The losses of {@code output} against {@code input}, in document order; empty when nothing is lost. */
    static List<Loss> between(XmlTree input, XmlTree output) {
        List<Loss> losses = new ArrayList<>();
        if (!input.name().equals(output.name())) {
            losses.add(new Loss("root element renamed", "the root <" + input.name() + "> became <" + output.name() + ">"));
            return losses;
        }
        compare(input, output, "/" + input.name(), "/" + input.name(), losses);
        return losses;
    }

    private static void compare(XmlTree in, XmlTree out, String path, String kindPath, List<Loss> losses) {
        for (Map.Entry<String, String> a : in.attributes().entrySet()) {
            String got = out.attributes().get(a.getKey());
            if (got == null) {
                losses.add(new Loss("lost attribute " + kindPath + "/@" + a.getKey(),
                        "lost attribute " + path + "/@" + a.getKey() + "='" + a.getValue() + "'"));
            } else if (!XmlTree.sameValue(a.getValue(), got)) {
                losses.add(new Loss("changed attribute " + kindPath + "/@" + a.getKey(),
                        "changed attribute " + path + "/@" + a.getKey() + ": '" + a.getValue() + "' became '" + got + "'"));
            }
        }
        if (!in.text().isEmpty() && !XmlTree.sameValue(in.text(), out.text())) {
            String what = out.text().isEmpty() ? "lost text" : "changed text";
            losses.add(new Loss(what + " " + kindPath, what + " of " + path + ": '" + abbreviate(in.text()) + "'"
                    + (out.text().isEmpty() ? "" : " became '" + abbreviate(out.text()) + "'")));
        }
        List<XmlTree> unpaired = new ArrayList<>(out.children());
        Map<String, Integer> seen = new HashMap<>();
        List<XmlTree> inputs = in.children();
        // first pair each input child with an output child that keeps all of it, so that an
        // element the formatter moved (libvirt puts the primary video first) finds its twin
        // before a near miss takes it; then pair the rest with the one that loses least
        XmlTree[] exact = new XmlTree[inputs.size()];
        List<List<XmlTree>> keepers = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            XmlTree child = inputs.get(i);
            keepers.add(unpaired.stream().filter(o -> o.name().equals(child.name()) && lossless(child, o)).toList());
            order.add(i);
        }
        // the input child with the fewest twins chooses first
        order.sort(java.util.Comparator.comparingInt(i -> keepers.get(i).size()));
        for (int i : order) {
            for (XmlTree candidate : keepers.get(i)) {
                if (unpaired.remove(candidate)) {
                    exact[i] = candidate;
                    break;
                }
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            XmlTree child = inputs.get(i);
            int position = seen.merge(child.name(), 1, Integer::sum);
            if (exact[i] != null) {
                continue;
            }
            String childPath = path + "/" + child.name() + "[" + position + "]";
            String childKind = kindPath + "/" + child.name();
            XmlTree best = null;
            List<Loss> bestLosses = null;
            for (XmlTree candidate : unpaired) {
                if (!candidate.name().equals(child.name())) {
                    continue;
                }
                List<Loss> trial = new ArrayList<>();
                compare(child, candidate, childPath, childKind, trial);
                if (best == null || trial.size() < bestLosses.size()) {
                    best = candidate;
                    bestLosses = trial;
                    if (trial.isEmpty()) {
                        break;
                    }
                }
            }
            if (best == null) {
                losses.add(new Loss("lost element " + childKind, "lost element " + childPath + " " + child.label()));
            } else {
                unpaired.remove(best);
                losses.addAll(bestLosses);
            }
        }
    }

    private static boolean lossless(XmlTree in, XmlTree out) {
        List<Loss> trial = new ArrayList<>();
        compare(in, out, "", "", trial);
        return trial.isEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
