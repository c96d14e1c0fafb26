package io.jvirt.qemu.qmp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The {@code blockdev-add} arguments of a {@link BlockNode}. */
final class BlockNodes {
    private BlockNodes() {
    }

    static ObjectNode json(BlockNode node) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        switch (node) {
            case BlockNode.File f -> {
                o.put("driver", "file").put("node-name", f.nodeName()).put("filename", f.filename());
                if (f.aio() != null) {
                    o.put("aio", f.aio());
                }
                cache(o, f.cache());
                o.put("read-only", f.readOnly());
            }
            case BlockNode.Qcow2 q -> {
                o.put("driver", "qcow2").put("node-name", q.nodeName()).put("file", q.file());
                switch (q.backing()) {
                    case BlockNode.Backing.None none -> o.putNull("backing");
                    case BlockNode.Backing.Node n -> o.put("backing", n.nodeName());
                    case BlockNode.Backing.FromImage fromImage -> { }
                }
                cache(o, q.cache());
                o.put("read-only", q.readOnly());
                if (q.discard() != null) {
                    o.put("discard", q.discard());
                }
            }
            case BlockNode.Raw r -> {
                o.put("driver", "raw").put("node-name", r.nodeName()).put("file", r.file());
                cache(o, r.cache());
                o.put("read-only", r.readOnly());
            }
        }
        return o;
    }

    private static void cache(ObjectNode o, BlockNode.Cache c) {
        o.putObject("cache").put("direct", c.direct()).put("no-flush", c.noFlush());
    }
}
