package io.jvirt.qemu.hotplug;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One monitor command of a device change, with what it names. */
public sealed interface HotplugStep {

    /** The id (or node name) the step adds or removes. */
    String id();

    /** {@code blockdev-add} of a node named {@code id}. */
    record AddBlockdev(String id, Map<String, Object> props) implements HotplugStep {
        public AddBlockdev {
            Objects.requireNonNull(id, "id");
            props = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        }
    }

    /** {@code netdev_add} of a back end named {@code id}. */
    record AddNetdev(String id, Map<String, Object> props) implements HotplugStep {
        public AddNetdev {
            Objects.requireNonNull(id, "id");
            props = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        }
    }

    /** {@code object-add} of an object named {@code id}. */
    record AddObject(String id, Map<String, Object> props) implements HotplugStep {
        public AddObject {
            Objects.requireNonNull(id, "id");
            props = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        }
    }

    /** {@code device_add} of a device named {@code id}. */
    record AddDevice(String id, Map<String, Object> props) implements HotplugStep {
        public AddDevice {
            Objects.requireNonNull(id, "id");
            props = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        }
    }

    /** {@code blockdev-del} of the node {@code id}. */
    record DelBlockdev(String id) implements HotplugStep {
        public DelBlockdev {
            Objects.requireNonNull(id, "id");
        }
    }

    /** {@code netdev_del} of the back end {@code id}. */
    record DelNetdev(String id) implements HotplugStep {
        public DelNetdev {
            Objects.requireNonNull(id, "id");
        }
    }

    /** {@code object-del} of the object {@code id}. */
    record DelObject(String id) implements HotplugStep {
        public DelObject {
            Objects.requireNonNull(id, "id");
        }
    }

    /** {@code device_del} of the device {@code id}; done once QEMU reports it deleted. */
    record DelDevice(String id) implements HotplugStep {
        public DelDevice {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The removal that undoes an addition, for rolling back a change that failed half-way.
     *
     * @throws IllegalStateException for a removal, which cannot be undone
     */
    default HotplugStep undo() {
        return switch (this) {
            case AddBlockdev a -> new DelBlockdev(a.id());
            case AddNetdev a -> new DelNetdev(a.id());
            case AddObject a -> new DelObject(a.id());
            case AddDevice a -> new DelDevice(a.id());
            case DelBlockdev d -> throw new IllegalStateException("a removal is not undone");
            case DelNetdev d -> throw new IllegalStateException("a removal is not undone");
            case DelObject d -> throw new IllegalStateException("a removal is not undone");
            case DelDevice d -> throw new IllegalStateException("a removal is not undone");
        };
    }
}
