/**
 * The network-namespace rig: test hosts as Linux network namespaces joined by veth pairs and bridges,
 * real peers (HTTP server, keepalived VRRP, gmond) started inside them, and the built appliance started in
 * a namespace and reached over SSH from another one. Needs root; see docs/testing.md.
 *
 * <p>Entry points: {@link org.dsas.testsupport.netns.NetnsRig} (AutoCloseable) and, for JUnit 5,
 * {@link org.dsas.testsupport.netns.NetnsRigExtension}.
 */
package org.dsas.testsupport.netns;
