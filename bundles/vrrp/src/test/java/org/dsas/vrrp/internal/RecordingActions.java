package org.dsas.vrrp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.dsas.vrrp.api.VrrpState;

/** Records what the state machine asked the world to do. */
final class RecordingActions implements VrrpActions {

    final List<Integer> adverts = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    boolean addressesHeld;
    String vetoReason;
    Boolean splitBrain;

    @Override
    public void sendAdvert(int priority) {
        adverts.add(priority);
    }

    @Override
    public void takeAddresses() {
        addressesHeld = true;
        log.add("take");
    }

    @Override
    public void announceAddresses() {
        log.add("announce");
    }

    @Override
    public void releaseAddresses() {
        addressesHeld = false;
        log.add("release");
    }

    @Override
    public void transition(VrrpState from, VrrpState to, String reason) {
        log.add(from + "->" + to + ": " + reason);
    }

    @Override
    public Optional<String> veto() {
        return Optional.ofNullable(vetoReason);
    }

    @Override
    public void splitBrain(boolean raised, String peer, int peerPriority) {
        splitBrain = raised;
        log.add("splitBrain " + raised);
    }

    int lastAdvert() {
        return adverts.get(adverts.size() - 1);
    }
}
