# Runs in the real-kernel guest (Debian 6.1.0-56-amd64, ipvsadm 1.31, strace 6.1), cwd = the output directory.
# Each ipvsadm call is traced to <name>.strace: sendmsg/recvmsg with full hex dumps of what went each way.
ip link add dsas-rs type dummy
ip addr add 10.0.0.254/24 dev dsas-rs
ip -6 addr add 2001:db8:1::254/64 dev dsas-rs nodad
ip link set dsas-rs up
modprobe ip_vs
s() { name=$1; shift; strace -f -xx -s 65535 -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e read=all \
        -o "$name.strace" ipvsadm "$@"; echo "$name: ipvsadm $* -> exit $?"; }
s new-service-tcp -A -t 10.0.0.1:80 -s rr
s new-dest-masq -a -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 3
s new-dest-tunnel-thresholds -a -t 10.0.0.1:80 -r 10.0.0.3:80 -i -w 5 -x 100 -y 50
s new-service-fwmark-persistent -A -f 1 -s wlc -p 300 -M 255.255.255.0
s new-dest-fwmark-route -a -f 1 -r 10.0.0.4 -g -w 1
s new-service-ipv6-sched-flags -A -t [2001:db8::1]:443 -s sh -b sh-fallback,sh-port
s new-dest-ipv6 -a -t [2001:db8::1]:443 -r [2001:db8:1::2]:443 -m -w 2
s new-service-ipv6-fwmark-persistent -A -f 2 -6 -s mh -p 60 -M 64
s new-service-udp-onepacket -A -u 10.0.0.1:53 -s rr -o
s new-service-udp-sip-pe -A -u 10.0.0.1:5060 -s rr -p 120 --pe sip
s set-service -E -t 10.0.0.1:80 -s wlc
s set-dest -e -t 10.0.0.1:80 -r 10.0.0.2:80 -m -w 7
# one connection attempt through TCP 10.0.0.1:80 (a local client; the SYN goes to the dummy) so counters are not 0
timeout 3 bash -c 'exec 3<>/dev/tcp/10.0.0.1/80' ; sleep 3
s list -Ln
s list-stats -Ln --stats
s list-rates -Ln --rate
s zero-service -Z -t 10.0.0.1:80
s zero-all -Z
s set-config --set 900 120 300
s get-config -L --timeout
s error-exists -A -t 10.0.0.1:80 -s rr
s error-missing-dest -d -t 10.0.0.1:80 -r 10.0.0.9:80
s del-dest -d -t 10.0.0.1:80 -r 10.0.0.3:80
s del-service -D -t 10.0.0.1:80
s flush -C
ipvsadm -Ln
