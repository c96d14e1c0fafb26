/**
 * Values shared by several definition kinds: IP addresses and prefixes
 * ({@link io.jvirt.conf.common.IpAddress}, {@link io.jvirt.conf.common.Cidr}), quality of
 * service ({@link io.jvirt.conf.common.BandwidthDef}) and VLAN tagging
 * ({@link io.jvirt.conf.common.VlanDef}), which guest interfaces and virtual networks both
 * use, plus the validation helpers and XML pieces behind them. Everything here is pure: no
 * name resolution, no host I/O.
 */
package io.jvirt.conf.common;
