/**
 * The verbs that change a defined domain's devices and resources and read them back, as virsh
 * has them: attach-device, detach-device, update-device, detach-device-alias, attach-disk,
 * detach-disk, attach-interface, detach-interface, change-media, setmem, setmaxmem, dommemstat,
 * setvcpus, vcpucount, vcpuinfo, vcpupin, emulatorpin, blkdeviotune, domiftune, blockresize and
 * domrename ({@link io.jvirt.cli.live.LiveVerbs} makes them). They talk to jvirtd through
 * {@link io.jvirt.client.LiveClient}; the ones that describe a device (attach-disk, change-media,
 * ...) write its XML as virsh does and send it.
 */
package io.jvirt.cli.live;
