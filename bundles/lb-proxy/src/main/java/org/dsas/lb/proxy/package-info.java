/** The proxy dataplane of the load balancer (private to this bundle). */
package org.dsas.lb.proxy;
