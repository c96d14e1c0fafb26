/**
 * Host-system helpers shared by the drivers: reading {@code /proc} and running host tools
 * from argument arrays. Nothing here knows about domains, networks or pools.
 */
package io.jvirt.sys;
