package io.jvirt.conf.domain;

import io.jvirt.conf.ConfException;
import io.jvirt.conf.ConfException.Kind;
import io.jvirt.conf.xml.XmlEnum;
import java.util.List;

/**
 * A {@code <sound>} device: an emulated sound card, whose sound goes to an {@code <audio>}
 * back end.
 *
 * @param model the card
 * @param codecs the HDA codecs of an ich6 or ich9 card (none means one duplex codec)
 * @param audioId the {@code <audio id>} of the back end, or null for the first one
 * @param address the PCI address of a PCI card, the USB port of a USB card, or null
 */
public record SoundDef(Model model, List<Codec> codecs, Integer audioId, Address address) implements DeviceDef {

    /** Validates the values. */
    public SoundDef {
        Checks.required(model, "The sound model");
        codecs = Checks.list(codecs);
        if (!codecs.isEmpty() && !model.hasCodecs()) {
            throw new ConfException(Kind.CONFLICT, "Only ich6 and ich9 sound cards have codecs, not '" + model.xml()
                    + "'.");
        }
        Checks.range(audioId, 1, Integer.MAX_VALUE, "The sound card's audio id");
        if (address != null) {
            boolean fits = switch (model) {
                case ES1370, AC97, ICH6, ICH9 -> address instanceof Address.Pci;
                case USB -> address instanceof Address.Usb;
                case SB16, PCSPK -> false;
            };
            if (!fits) {
                throw new ConfException(Kind.INVALID_VALUE, "The sound card '" + model.xml() + "' "
                        + switch (model) {
                            case ES1370, AC97, ICH6, ICH9 -> "accepts only a pci address.";
                            case USB -> "accepts only a usb address.";
                            case SB16, PCSPK -> "is built into the PC and has no address.";
                        });
            }
        }
    }

    /**
     * Returns a copy at another address.
     *
     * @param newAddress the address, or null
     * @return the copy
     */
    public SoundDef withAddress(Address newAddress) {
        return new SoundDef(model, codecs, audioId, newAddress);
    }

    /** The {@code model} attribute: the sound cards QEMU 7.2 has (libvirt's ich7 it has not). */
    public enum Model implements XmlEnum {
        /** Creative Sound Blaster 16 (ISA). */
        SB16("sb16"),
        /** Ensoniq AudioPCI ES1370. */
        ES1370("es1370"),
        /** The PC speaker. */
        PCSPK("pcspk"),
        /** Intel 82801AA AC97. */
        AC97("ac97"),
        /** Intel HD Audio (ICH6). */
        ICH6("ich6"),
        /** Intel HD Audio (ICH9), the q35's own. */
        ICH9("ich9"),
        /** A USB audio device. */
        USB("usb");

        private final String xml;

        Model(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }

        /** Returns whether the card is an HD Audio controller with codecs. */
        public boolean hasCodecs() {
            return this == ICH6 || this == ICH9;
        }
    }

    /** The {@code type} of a {@code <codec>}. */
    public enum Codec implements XmlEnum {
        /** Line out and line in. */
        DUPLEX("duplex"),
        /** Speaker out and microphone in. */
        MICRO("micro"),
        /** Line out only. */
        OUTPUT("output");

        private final String xml;

        Codec(String xml) {
            this.xml = xml;
        }

        @Override
        public String xml() {
            return xml;
        }
    }
}
