/**
 * Internal XML plumbing shared by the definition parsers: a line-aware, XXE-safe reader,
 * a strict cursor that rejects unknown content, and a libvirt-style writer. Not API.
 */
package io.jvirt.conf.xml;
