//! TLS for a connection to the server, in pure Rust (rustls with ring), as `sslmode` asks: like
//! libpq, `prefer` and `require` encrypt without checking the certificate (unless `sslrootcert`
//! names the authorities to check it against), `verify-ca` checks that a trusted authority signed
//! it, `verify-full` also that it names the host. The authorities are `sslrootcert`'s, else the
//! system's. It builds the connector only; whether TLS is required is the connection's business.

use std::path::Path;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::failure::ServerError;
use super::location::{SslMode, Target};

/// The connector for `target`'s `sslmode` (`None` for `disable`).
pub(super) fn connector(target: &Target) -> Result<Option<MakeRustlsConnect>, ServerError> {
    // ring builds from the crates alone, with no C toolchain beyond cc, wherever csm builds; it
    // is deprecated only for lacking post-quantum key exchange, which aws-lc-rs would bring at
    // the cost of a much heavier build.
    #[expect(
        deprecated,
        reason = "ring's provider, deprecated for lacking post-quantum key exchange"
    )]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let check = match (target.sslmode, &target.sslrootcert) {
        (SslMode::Disable, _) => return Ok(None),
        (SslMode::Prefer | SslMode::Require, None) => Check::Nothing,
        (SslMode::Prefer | SslMode::Require | SslMode::VerifyCa, _) => Check::Authority,
        (SslMode::VerifyFull, _) => Check::AuthorityAndName,
    };
    let fail = |why: String| ServerError::Tls { server: target.server(), why };
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| fail(e.to_string()))?;
    let verifier: Arc<dyn ServerCertVerifier> = match check {
        Check::Nothing => Arc::new(Unchecked(provider.signature_verification_algorithms)),
        Check::Authority | Check::AuthorityAndName => {
            let roots = Arc::new(roots(target.sslrootcert.as_deref()).map_err(fail)?);
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider)
                .build()
                .map_err(|e| fail(e.to_string()))?;
            if matches!(check, Check::Authority) { Arc::new(AnyName(webpki)) } else { webpki }
        }
    };
    let config =
        builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth();
    Ok(Some(MakeRustlsConnect::new(config)))
}

enum Check {
    Nothing,
    Authority,
    AuthorityAndName,
}

/// The authorities a certificate may be signed by: the PEM file `file`, else the system's.
fn roots(file: Option<&Path>) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    if let Some(file) = file {
        let shown = crate::domain::shown_path(file);
        let certs = CertificateDer::pem_file_iter(file)
            .map_err(|e| format!("cannot read sslrootcert {shown}: {e}"))?;
        for cert in certs {
            let cert = cert.map_err(|e| format!("sslrootcert {shown}: {e}"))?;
            roots.add(cert).map_err(|e| format!("sslrootcert {shown}: {e}"))?;
        }
        if roots.is_empty() {
            return Err(format!("sslrootcert {shown} holds no certificate"));
        }
        return Ok(roots);
    }
    let found = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(found.certs);
    if roots.is_empty() {
        return Err("no trusted authorities on this system: name one with sslrootcert=FILE".into());
    }
    Ok(roots)
}

/// Encryption without a check of who answers (libpq's `require`): the handshake's signatures are
/// still verified, the certificate's signer and name are not.
#[derive(Debug)]
struct Unchecked(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// A certificate signed by a trusted authority, whatever host it names (libpq's `verify-ca`).
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
