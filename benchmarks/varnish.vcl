vcl 4.1;
# Varnish in front of two newsroom nodes, purged by key (vmod-xkey from
# varnish-modules). benchmarks/cdn_purge.py fills in the two backend ports.

import directors;
import xkey;

backend node1 { .host = "127.0.0.1"; .port = "NODE1_PORT"; }
backend node2 { .host = "127.0.0.1"; .port = "NODE2_PORT"; }

acl purgers { "127.0.0.1"; }

sub vcl_init {
    new nodes = directors.round_robin();
    nodes.add_backend(node1);
    nodes.add_backend(node2);
}

sub vcl_recv {
    set req.backend_hint = nodes.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No keys"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
}

sub vcl_backend_response {
    # The site names what a response shows in Surrogate-Key; xkey indexes the
    # object under each of those keys.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-CDN-Cache = "HIT";
    } else {
        set resp.http.X-CDN-Cache = "MISS";
    }
    unset resp.http.xkey;
}
