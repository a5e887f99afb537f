/**
 * The load balancer's public contract: virtual services and real servers as
 * desired state, what a dataplane reports back (counters, rates, connections),
 * and {@link org.dsas.lb.api.LbService} through which the shell and the health
 * checks change it.
 */
@Export
@Version("0.2.0")
package org.dsas.lb.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
