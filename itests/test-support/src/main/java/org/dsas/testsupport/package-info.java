/** Test harnesses that reach the real thing: network namespaces and a real kernel under qemu. */
package org.dsas.testsupport;
