package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;

/**
 * The {@code <numatune>} element: on which host NUMA nodes the guest's memory is allocated,
 * for all of it ({@code <memory>}) and per guest NUMA cell ({@code <memnode>}). QEMU applies
 * it through the memory backends' {@code host-nodes} and {@code policy}.
 *
 * @param memory the policy of all the memory, or null
 * @param memnodes the policies of single guest cells, in cell order
 */
public record NumaTuneDef(Memory memory, List<MemNode> memnodes) {

    /** Checks the combinations libvirt refuses. */
    public NumaTuneDef {
        memnodes = Checks.list(memnodes).stream().sorted((a, b) -> Integer.compare(a.cellid(), b.cellid())).toList();
        if (!memnodes.isEmpty() && memory != null && memory.placement() == Placement.AUTO) {
            throw new ConfException(Kind.CONFLICT,
                    "Per-cell <memnode> bindings cannot be combined with placement='auto' in <numatune><memory>.");
        }
        for (int i = 1; i < memnodes.size(); i++) {
            if (memnodes.get(i).cellid() == memnodes.get(i - 1).cellid()) {
                throw new ConfException(Kind.DUPLICATE, "Guest NUMA cell " + memnodes.get(i).cellid()
                        + " has more than one <memnode>; keep one.");
            }
        }
        if (memory != null && memory.mode() == Mode.RESTRICTIVE) {
            for (MemNode n : memnodes) {
                if (n.mode() != Mode.RESTRICTIVE) {
                    throw new ConfException(Kind.CONFLICT, "The <memnode> of cell " + n.cellid() + " must use mode "
                            + "'restrictive' because <numatune><memory> does.");
                }
            }
        }
    }

    /** Returns the binding of a guest cell, or null. */
    public MemNode memnode(int cell) {
        return memnodes.stream().filter(n -> n.cellid() == cell).findFirst().orElse(null);
    }

    /** How memory is bound to host nodes. */
    public enum Mode implements XmlEnum {
        /** Only the named nodes; allocation fails elsewhere. */
        STRICT("strict"),
        /** The named node first, others when it is full. */
        PREFERRED("preferred"),
        /** Round robin over the named nodes. */
        INTERLEAVE("interleave"),
        /** Only through the cgroup's cpuset.mems, no QEMU memory policy. */
        RESTRICTIVE("restrictive");

        private final String xml;

        Mode(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** QEMU's name of the policy for a memory backend. */
        public String qemuPolicy() {
            return switch (this) {
                case STRICT -> "bind";
                case PREFERRED -> "preferred";
                case INTERLEAVE -> "interleave";
                case RESTRICTIVE -> "default";
            };
        }
    }

    /** Where the node set comes from. */
    public enum Placement implements XmlEnum {
        /** The given nodeset. */
        STATIC("static"),
        /** A NUMA advisor (numad) chooses. */
        AUTO("auto");

        private final String xml;

        Placement(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }

    /**
     * {@code <numatune><memory>}.
     *
     * @param mode the mode, strict when absent
     * @param nodeset the host nodes, or null with placement auto
     * @param placement static or auto, or null when unspecified
     */
    public record Memory(Mode mode, CpuSet nodeset, Placement placement) {
        /** Fills in the mode and checks the nodeset against the placement. */
        public Memory {
            mode = mode == null ? Mode.STRICT : mode;
            if (placement == Placement.STATIC && nodeset == null) {
                throw new ConfException(Kind.MISSING_VALUE,
                        "<numatune><memory placement='static'> needs a 'nodeset'.");
            }
        }

        /**
         * Returns the effective placement, as libvirt settles it: the given one, else static
         * with a nodeset, else the {@code <vcpu>}'s placement.
         *
         * @param vcpuPlacement the {@code <vcpu placement>}, or null
         * @return the placement
         */
        public Placement effectivePlacement(VcpuDef.Placement vcpuPlacement) {
            if (placement != null) {
                return placement;
            }
            if (nodeset != null) {
                return Placement.STATIC;
            }
            return vcpuPlacement == VcpuDef.Placement.AUTO ? Placement.AUTO : Placement.STATIC;
        }

        /** Returns the node set QEMU is given: none with automatic placement. */
        public CpuSet staticNodeset(VcpuDef.Placement vcpuPlacement) {
            return effectivePlacement(vcpuPlacement) == Placement.STATIC ? nodeset : null;
        }
    }

    /**
     * {@code <memnode>}: the binding of one guest NUMA cell.
     *
     * @param cellid the guest cell
     * @param mode the mode, strict when absent
     * @param nodeset the host nodes
     */
    public record MemNode(int cellid, Mode mode, CpuSet nodeset) {
        /** Fills in the mode. */
        public MemNode {
            mode = mode == null ? Mode.STRICT : mode;
            Checks.required(nodeset, "The memnode nodeset");
        }
    }
}
