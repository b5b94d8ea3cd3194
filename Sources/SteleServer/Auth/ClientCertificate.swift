import NIOCore
import NIOSSL
import X509

/// The principal of a mutual-TLS connection: the subject common name of the client
/// certificate the handshake verified (swift-certificates reads it from the DER).
enum ClientCertificate {
    static func commonName(of channel: any Channel) async -> String? {
        guard let certificate = try? await channel.nioSSL_peerCertificate().get(), let der = try? certificate.toDERBytes(),
              let parsed = try? Certificate(derEncoded: der) else { return nil }
        for rdn in parsed.subject.reversed() {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                if let name = String(attribute.value), !name.isEmpty { return name }
            }
        }
        return nil
    }
}
