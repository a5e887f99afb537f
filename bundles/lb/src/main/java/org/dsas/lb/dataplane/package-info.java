/**
 * The seam between the load balancer's control plane and the machinery that
 * forwards packets: dataplane bundles (ipvs, nftables, proxy) register a
 * {@link org.dsas.lb.dataplane.DataplaneProvider}; the reconciler speaks only
 * {@link org.dsas.lb.dataplane.Dataplane}.
 */
@Export
@Version("0.1.0")
package org.dsas.lb.dataplane;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
