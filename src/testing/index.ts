/**
 * Emulators for testing Exchange Online and Microsoft Graph code without a tenant: real HTTPS on
 * loopback with a throw-away CA. `startEmulatedCloud()` wires them all together. For Pulumi
 * unit tests, `fakeCloudMocks()` answers `pulumi.runtime.setMocks` as a tenant would and
 * `recordMockRegistrations()` keeps what a program registers under it.
 */
export { createClientCertificate, createTestCertificates, writeCaFile, type TestCertificates } from "./tls";
export type { EmulatorTls, Fault, FaultRule, RecordedRequest } from "./https-emulator";
export { FEDERATED_AUDIENCE, TokenEmulator, type AppRegistration, type TokenClaims, type TokenValidator } from "./token-emulator";
export { ExchangeEmulator, REQUIRED_ROLE, type ExchangeEmulatorOptions, type ExchangeObjectKind } from "./exchange-emulator";
export { GraphEmulator, linkAcceptedDomains, type GraphEmulatorOptions } from "./graph-emulator";
export { startEmulatedCloud, type EmulatedCloud, type EmulatedCloudOptions } from "./emulated-cloud";
export { computedByCloud, fakeCloudMocks, fakeCloudResource, mxOf, verificationValueOf, type FakeCloudMode } from "./fake-cloud";
export { recordMockRegistrations, type MockRegistration, type RecordingOptions } from "./mock-registrations";
