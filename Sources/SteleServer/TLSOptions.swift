import NIOSSL

/// HTTPS on the listener (swift-nio-ssl): the server's certificate chain and key, and, to
/// require client certificates (mutual TLS), the certificate authorities that sign them. A
/// client without a certificate those authorities signed fails the handshake.
public struct TLSOptions: Sendable, Hashable {
    public var certificateFile: String
    public var keyFile: String
    public var clientCAFile: String?

    public init(certificateFile: String, keyFile: String, clientCAFile: String? = nil) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
    }

    func configuration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(certificateFile) } catch { throw TLSOptionsError("cannot read the certificate \(certificateFile): \(error)") }
        do { key = try NIOSSLPrivateKey(file: keyFile, format: .pem) } catch { throw TLSOptionsError("cannot read the private key \(keyFile): \(error)") }
        guard !chain.isEmpty else { throw TLSOptionsError("\(certificateFile) holds no certificate") }
        var c = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        c.minimumTLSVersion = .tlsv12
        if let ca = clientCAFile {
            do { _ = try NIOSSLCertificate.fromPEMFile(ca) } catch { throw TLSOptionsError("cannot read the client CA file \(ca): \(error)") }
            // On a server, verification means a client certificate is required and checked.
            c.certificateVerification = .noHostnameVerification
            c.trustRoots = .file(ca)
        }
        return c
    }
}

struct TLSOptionsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
