package io.jvirt.daemon.domain;

import io.jvirt.qemu.hotplug.HotplugStep;
import io.jvirt.qemu.qmp.QemuMonitor;

/** Runs one {@link HotplugStep} on a monitor. */
final class Steps {
    private Steps() {
    }

    static void run(QemuMonitor m, HotplugStep s) {
        switch (s) {
            case HotplugStep.AddBlockdev a -> m.blockdevAdd(a.props());
            case HotplugStep.AddNetdev a -> m.netdevAdd(a.props());
            case HotplugStep.AddObject a -> m.objectAdd(a.props());
            case HotplugStep.AddDevice a -> m.deviceAdd(a.props());
            case HotplugStep.DelBlockdev d -> m.blockdevDel(d.id());
            case HotplugStep.DelNetdev d -> m.netdevDel(d.id());
            case HotplugStep.DelObject d -> m.objectDel(d.id());
            case HotplugStep.DelDevice d -> m.deviceDel(d.id());
        }
    }
}
