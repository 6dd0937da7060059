/**
 * Certificates, all ECDSA P-256. Three kinds are made: an agency's certificate authority, a server
 * certificate issued by it, and a self-signed identity that cannot sign anything else (the agency's
 * leaf identity, the hub's leaf-port certificate: each trusted as itself and for nothing more).
 */
import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';
import { generateEcKeyPair, keyPairFromPem, privateKeyPem } from './ec-key.js';
import { ecdsaP256, x509 } from './x509.js';

export interface KeyAndCertificate {
  /** PKCS#8 PEM: the secret half, kept owner-only. */
  readonly keyPem: string;
  readonly certPem: string;
}

/** What the certificate may be used for: a CA signs server certificates; the others only speak TLS (a peer both ways, as cluster routes do). */
export type CertificateProfile = 'ca' | 'server' | 'client' | 'peer';

export interface CertificateRequest {
  /** RFC 4514, most specific first: `CN=AU leaf,O=Concord`. */
  readonly subject: string;
  /** The subject's private key (PEM); its public half goes into the certificate. */
  readonly keyPem: string;
  /** Who signs: a CA's key and certificate, or nobody (self-signed). */
  readonly issuer?: KeyAndCertificate;
  readonly profile: CertificateProfile;
  /** IP addresses and DNS names, for server certificates. */
  readonly hosts?: readonly string[];
  readonly now?: Date;
  readonly days: number;
}

const day = 86_400_000;

/** An RFC 4514 subject as a name whose DER order nats-server and OpenSSL print back the same. */
function nameOf(subject: string): x509.Name {
  return new x509.Name(
    subject
      .split(',')
      .reverse()
      .map((rdn) => {
        const at = rdn.indexOf('=');
        return { [rdn.slice(0, at)]: [rdn.slice(at + 1)] };
      }),
  );
}

function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive, as RFC 5280 requires
  return bytes.toString('hex');
}

/** A certificate that signs nothing else, for the given TLS roles. */
const tlsOnly = (roles: x509.ExtendedKeyUsageType[]) => [
  new x509.BasicConstraintsExtension(false, undefined, true),
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
  new x509.ExtendedKeyUsageExtension(roles),
];

const usages: Record<CertificateProfile, () => x509.Extension[]> = {
  // pathLen 0: an agency's CA issues server certificates, never another CA.
  ca: () => [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  server: () => tlsOnly([x509.ExtendedKeyUsage.serverAuth]),
  client: () => tlsOnly([x509.ExtendedKeyUsage.clientAuth]),
  peer: () => tlsOnly([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
};

/** Signs a certificate for the request's key, by its issuer or by that key itself. */
export async function issueCertificate(request: CertificateRequest): Promise<string> {
  const subjectKeys = await keyPairFromPem(request.keyPem);
  const signer = request.issuer ? await keyPairFromPem(request.issuer.keyPem) : subjectKeys;
  const issuerName = request.issuer ? new x509.X509Certificate(request.issuer.certPem).subjectName : nameOf(request.subject);
  const now = request.now ?? new Date();
  const hosts = request.hosts ?? [];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: nameOf(request.subject),
    issuer: issuerName,
    // Backdated a little, so that a peer whose clock runs behind accepts it at once.
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: new Date(now.getTime() + request.days * day),
    signingAlgorithm: ecdsaP256,
    publicKey: subjectKeys.publicKey,
    signingKey: signer.privateKey,
    extensions: [
      ...usages[request.profile](),
      ...(hosts.length > 0 ? [new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isIP(host) ? ('ip' as const) : ('dns' as const), value: host })))] : []),
      await x509.SubjectKeyIdentifierExtension.create(subjectKeys.publicKey),
      ...(request.issuer ? [await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey)] : []),
    ],
  });
  // One block per line-ended PEM, so that certificates concatenate into a bundle as they are.
  return `${certificate.toString('pem')}\n`;
}

/** A new key and a certificate for it. */
export async function newKeyAndCertificate(request: Omit<CertificateRequest, 'keyPem'>): Promise<KeyAndCertificate> {
  const keyPem = privateKeyPem((await generateEcKeyPair()).privateKey);
  return { keyPem, certPem: await issueCertificate({ ...request, keyPem }) };
}
