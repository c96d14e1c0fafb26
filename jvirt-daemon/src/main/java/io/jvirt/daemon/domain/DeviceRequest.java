package io.jvirt.daemon.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.conf.ConfException;
import io.jvirt.conf.domain.DeviceDef;
import io.jvirt.conf.domain.DomainXml;
import io.jvirt.conf.xml.XmlElement;
import io.jvirt.conf.xml.XmlReader;
import io.jvirt.daemon.DaemonException;

/**
 * A device as an attach, detach or update request gives it, parsed from its XML element.
 *
 * @param device the device
 * @param macGiven whether the request named a MAC address (the parser makes one up for a card without)
 */
record DeviceRequest(DeviceDef device, boolean macGiven) {

    /** Parses a device element; a malformed or invalid one is INVALID_ARGUMENT with the parser's sentence. */
    static DeviceRequest parse(String xml) {
        try {
            DeviceDef d = DomainXml.parseDevice(xml);
            XmlElement root = XmlReader.read(xml);
            boolean mac = root.children().stream().anyMatch(c -> c.name().equals("mac"));
            return new DeviceRequest(d, mac);
        } catch (ConfException e) {
            throw new DaemonException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }
}
