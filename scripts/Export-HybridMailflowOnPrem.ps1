<#
.SYNOPSIS
    Exports what hybrid-mailflow needs to know about an on-premises Exchange organization, read-only,
    as UTF-8 JSON for `hybrid-mailflow import-onprem`.

.DESCRIPTION
    Run in the Exchange Management Shell of Exchange Server 2016, 2019 or Subscription Edition, as a
    user with the View-Only Organization Management role (or any role that can run the Get-* cmdlets
    below). It changes nothing. It exports:
      - send connectors: AddressSpaces, SmartHosts, DNSRoutingEnabled, SourceTransportServers,
        TlsCertificateName, CloudServicesMailEnabled, RequireTLS, TlsAuthLevel, TlsDomain, Fqdn, Enabled
      - the Exchange certificates of every transport server (subject, issuer, SANs from
        CertificateDomains, NotAfter, thumbprint, services); no private keys, no certificate bodies
      - Exchange servers (name, FQDN, roles, version)
      - accepted domains and the domains of the email address policies
    Egress IP addresses are not stored in Exchange; give them to import-onprem with --egress.

    Values are written as plain strings (AddressSpaces as "SMTP:*;1", TlsCertificateName as
    "<I>issuer<S>subject", dates as ISO 8601), so the file does not depend on the PowerShell version.

.PARAMETER Path
    Where to write the JSON file (UTF-8 without BOM). Default: .\hybrid-mailflow-onprem.json

.EXAMPLE
    .\Export-HybridMailflowOnPrem.ps1 -Path C:\temp\onprem.json
    # then, on a machine with Node.js:
    npx hybrid-mailflow import-onprem onprem.json --world world.yaml --egress EX01=203.0.113.10
#>
[CmdletBinding()]
param(
    [string] $Path = (Join-Path (Get-Location) 'hybrid-mailflow-onprem.json')
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'

if (-not (Get-Command Get-SendConnector -ErrorAction SilentlyContinue)) {
    throw 'Get-SendConnector is not available: run this script in the Exchange Management Shell.'
}

function ConvertTo-StringList($Values) {
    # Deserialized or live multi-valued properties: keep each element's string form.
    @($Values | Where-Object { $null -ne $_ } | ForEach-Object { $_.ToString() })
}

function ConvertTo-IsoDate($Value) {
    if ($null -eq $Value) { return $null }
    ([datetime]$Value).ToUniversalTime().ToString('o')
}

$servers = @(Get-ExchangeServer | ForEach-Object {
    [ordered]@{
        Name       = $_.Name
        Fqdn       = "$($_.Fqdn)"
        ServerRole = "$($_.ServerRole)"
        Version    = "$($_.AdminDisplayVersion)"
    }
})

$sendConnectors = @(Get-SendConnector | ForEach-Object {
    [ordered]@{
        Name                     = $_.Name
        Enabled                  = [bool]$_.Enabled
        AddressSpaces            = ConvertTo-StringList $_.AddressSpaces
        SmartHosts               = ConvertTo-StringList $_.SmartHosts
        DNSRoutingEnabled        = [bool]$_.DNSRoutingEnabled
        SourceTransportServers   = @($_.SourceTransportServers | ForEach-Object { $_.Name })
        TlsCertificateName       = if ($_.TlsCertificateName) { $_.TlsCertificateName.ToString() } else { $null }
        CloudServicesMailEnabled = [bool]$_.CloudServicesMailEnabled
        RequireTLS               = [bool]$_.RequireTLS
        TlsAuthLevel             = if ($_.TlsAuthLevel) { "$($_.TlsAuthLevel)" } else { $null }
        TlsDomain                = if ($_.TlsDomain) { "$($_.TlsDomain)" } else { $null }
        Fqdn                     = if ($_.Fqdn) { "$($_.Fqdn)" } else { $null }
    }
})

# Certificates of the servers that send: the names the send connectors use, and what Exchange can pick.
$transportServers = @($sendConnectors | ForEach-Object { $_.SourceTransportServers } | Sort-Object -Unique)
$certificates = @(foreach ($server in $transportServers) {
    try {
        Get-ExchangeCertificate -Server $server | ForEach-Object {
            [ordered]@{
                Server             = $server
                Thumbprint         = $_.Thumbprint
                Subject            = $_.Subject
                Issuer             = $_.Issuer
                CertificateDomains = ConvertTo-StringList $_.CertificateDomains
                NotAfter           = ConvertTo-IsoDate $_.NotAfter
                Services           = "$($_.Services)"
            }
        }
    }
    catch {
        # Edge Transport servers are not reachable from the organization's shell; run the script there too.
        Write-Warning "Certificates of $server were not read ($($_.Exception.Message)). Run Get-ExchangeCertificate | ConvertTo-Json -Depth 5 on $server and pass that file to import-onprem as well."
    }
})

$acceptedDomains = @(Get-AcceptedDomain | ForEach-Object {
    [ordered]@{
        DomainName = "$($_.DomainName)"
        DomainType = "$($_.DomainType)"
        Default    = [bool]$_.Default
    }
})

$policies = @(Get-EmailAddressPolicy | ForEach-Object {
    [ordered]@{
        Name                         = $_.Name
        EnabledEmailAddressTemplates = ConvertTo-StringList $_.EnabledEmailAddressTemplates
    }
})

$export = [ordered]@{
    format               = 'hybrid-mailflow-onprem/1'
    organization         = "$((Get-OrganizationConfig).Name)"
    exportedAt           = (Get-Date).ToUniversalTime().ToString('o')
    servers              = $servers
    sendConnectors       = $sendConnectors
    certificates         = $certificates
    acceptedDomains      = $acceptedDomains
    emailAddressPolicies = $policies
}

# Windows PowerShell 5.1's -Encoding utf8 writes a BOM; write UTF-8 without one on every version.
$json = $export | ConvertTo-Json -Depth 6
[System.IO.File]::WriteAllText($Path, $json, (New-Object System.Text.UTF8Encoding($false)))
Write-Host "Wrote $Path. Next: hybrid-mailflow import-onprem `"$Path`" --world world.yaml --egress <SERVER>=<public IPv4>"
