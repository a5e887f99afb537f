/** The ipvs dataplane of the load balancer (private to this bundle). */
package org.dsas.lb.ipvs;
