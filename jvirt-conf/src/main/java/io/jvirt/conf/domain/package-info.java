/**
 * The libvirt {@code <domain>} model: {@link io.jvirt.conf.domain.DomainXml} parses and
 * formats, {@link io.jvirt.conf.domain.DomainDef} is the validated immutable record tree.
 */
package io.jvirt.conf.domain;
