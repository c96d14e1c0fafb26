/**
 * Host-system helpers shared by the drivers: reading {@code /proc}, running host tools from
 * argument arrays, the libc calls the JDK lacks ({@link io.jvirt.sys.Libc}) and where threads
 * run ({@link io.jvirt.sys.Sched}). Nothing here knows about domains, networks or pools.
 */
package io.jvirt.sys;
