package org.dsas.lb.proxy.scheduler;

import java.util.List;

/**
 * wrr: the kernel's interleaved weighted round robin (ip_vs_wrr.c). A current weight {@code cw} steps down from
 * the largest weight by the weights' gcd once per pass over the list; a pass picks every server whose weight is
 * at least {@code cw}. Weights 4, 3, 2 give a b a b c a b c a, then repeat.
 */
final class WeightedRoundRobin implements Scheduler {

    private List<? extends Candidate> seen;
    /** Position in the list; -1 is the list head (between the last server and the first). */
    private int cl = -1;
    private int cw;
    private int mw;
    private int di = 1;

    @Override
    public <T extends Candidate> T pick(List<T> servers, Request request) {
        if (servers != seen) {
            changed(servers);
        }
        int n = servers.size();
        if (n == 0) {
            return null;
        }
        int p = cl;
        while (true) {
            if (cl == -1) {
                cl = 0;
                cw -= di;
                if (cw <= 0) {
                    cw = mw;
                    if (cw == 0) {
                        cl = -1;
                        return null;
                    }
                }
            } else {
                cl = cl + 1 < n ? cl + 1 : -1;
            }
            if (cl != -1) {
                T s = servers.get(cl);
                if (!s.overloaded() && s.weight() >= cw) {
                    return s;
                }
            }
            if (cl == p && cw == di) {
                cl = -1;
                return null;
            }
        }
    }

    /** ip_vs_wrr_dest_changed: back to the head, keep cw where it was as far as the new weights allow. */
    private void changed(List<? extends Candidate> servers) {
        seen = servers;
        cl = -1;
        int g = 0;
        int max = 0;
        for (Candidate c : servers) {
            int w = c.weight();
            if (w > 0) {
                g = g > 0 ? gcd(w, g) : w;
            }
            max = Math.max(max, w);
        }
        di = g > 0 ? g : 1;
        mw = max - max % di;
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = cw / di * di + 1;
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
