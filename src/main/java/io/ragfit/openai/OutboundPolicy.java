package io.ragfit.openai;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where ragfit may send requests (model endpoints, the remote embedder). A URL's host must be allowed by name
 * ({@code vllm.models.svc}, {@code *.example.com}) or as an address or CIDR; and every address it is reached at
 * must be public, unless a CIDR allows it: loopback, link-local (cloud metadata), private, shared and unique-local
 * ranges are refused by default. Addresses are checked when connecting, and the connection goes to the address
 * checked, so a name that resolves elsewhere later (DNS rebinding) gains nothing.
 */
public final class OutboundPolicy {

    private final List<String> names;
    private final List<Cidr> hostAddresses;
    private final List<Cidr> cidrs;

    /** Fails, when the configuration is read, on an entry that is no name, address or CIDR. */
    public OutboundPolicy(List<String> allowedHosts, List<String> allowedCidrs) {
        List<String> hosts = allowedHosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty()).toList();
        this.names = hosts.stream().filter(host -> !host.contains("/") && !isAddressLiteral(host)).toList();
        this.hostAddresses = hosts.stream().filter(host -> host.contains("/") || isAddressLiteral(host))
                .map(host -> Cidr.parse(host.contains("/") ? host : host + "/" + (host.contains(":") ? 128 : 32)))
                .toList();
        this.cidrs = allowedCidrs.stream().map(String::strip).filter(cidr -> !cidr.isEmpty()).map(Cidr::parse).toList();
    }

    /** Refuses, without any network access, a URL ragfit must never call: bad scheme, user info, a host not allowed. */
    public void checkUrl(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new OutboundRefusedException("an endpoint is an absolute http or https URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new OutboundRefusedException("an endpoint URL carries no user name or password (use apiKeyRef)");
        }
        String host = host(url);
        if (!hostAllowed(host)) {
            throw new OutboundRefusedException("host " + host + " is not in ragfit.outbound.allowed-hosts");
        }
    }

    /** The first of the addresses a host resolved to that ragfit may connect to. */
    public InetAddress pick(String host, InetAddress[] addresses) {
        return Arrays.stream(addresses)
                .filter(this::addressAllowed)
                .findFirst()
                .orElseThrow(() -> new OutboundRefusedException("host " + host
                        + " resolves to an address that is not public and not in ragfit.outbound.allowed-cidrs"));
    }

    boolean hostAllowed(String host) {
        if (isAddressLiteral(host)) {
            InetAddress address = literal(host);
            return hostAddresses.stream().anyMatch(cidr -> cidr.contains(address));
        }
        return names.stream().anyMatch(allowed -> allowed.equals(host)
                || allowed.startsWith("*.") && host.endsWith(allowed.substring(1)));
    }

    boolean addressAllowed(InetAddress address) {
        return cidrs.stream().anyMatch(cidr -> cidr.contains(address)) || isPublic(address);
    }

    static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        boolean sharedOrReserved = bytes.length == 4 && ((bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64
                || (bytes[0] & 0xff) == 0 || (bytes[0] & 0xff) >= 240);
        boolean uniqueLocal = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
        return !(address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || sharedOrReserved || uniqueLocal);
    }

    static String host(URI url) {
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** Dotted quads and IPv6 literals; other spellings of an address (2130706433, 0x7f.1) count as names, never allowed. */
    static boolean isAddressLiteral(String host) {
        return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || host.contains(":");
    }

    static InetAddress literal(String address) {
        try {
            // a literal is parsed, never looked up
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    record Cidr(BigInteger network, int length, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0 || !isAddressLiteral(text.substring(0, slash))) {
                throw new IllegalArgumentException("not a CIDR (address/length): " + text);
            }
            byte[] address = literal(text.substring(0, slash)).getAddress();
            int length = Integer.parseInt(text.substring(slash + 1));
            int bits = address.length * 8;
            if (length < 0 || length > bits) {
                throw new IllegalArgumentException("not a CIDR prefix length: " + text);
            }
            return new Cidr(new BigInteger(1, address).shiftRight(bits - length), length, bits);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return bytes.length * 8 == bits && new BigInteger(1, bytes).shiftRight(bits - length).equals(network);
        }
    }
}
