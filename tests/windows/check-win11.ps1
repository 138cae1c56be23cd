# Release check on a real Windows 11 machine (no internet needed): installs a ConnectAs MSI, verifies the sparse
# package registration (Get-AppxPackage), that the Windows 11 command and the classic handler load through COM,
# removes everything, and prints PASS/FAIL lines. Wine cannot do any of this; see docs/install.md.
#
# Usage, from an elevated Windows PowerShell 5.1 prompt (elevation is needed for the certificate and -Machine):
#   powershell -ExecutionPolicy Bypass -File check-win11.ps1 -Msi .\connectas-0.1.0-x64.msi -Cert .\connectas-dev.cer
#   ... -Msi .\connectas-0.1.0-x64-machine.msi -Machine        (per-machine: provisioned, checked for this user)
# -Cert: the public certificate that signed connectas.msix when it is not trusted already (development builds:
# build/mingw/installer/connectas-dev.cer); it is added to LocalMachine\TrustedPeople and removed at the end.
# Exit code: the number of FAIL lines.
param(
    [Parameter(Mandatory = $true)][string]$Msi,
    [string]$Cert = "",
    [switch]$Machine
)

$ErrorActionPreference = "Stop"
$script:fails = 0
$script:passes = 0
$PackageName = "ConnectAs.ExplorerCommand"
$XcmdClsid = "{18C89CDB-F1CB-4EF6-A13D-65452CBABD4A}"    # shellext/xcmd.c
$ClassicClsid = "{5BC33CB3-5A78-410D-88BF-243C7853686F}" # shellext/shxreg.c

function Check([string]$What, [scriptblock]$Test) {
    try {
        $result = & $Test
        if ($result) { $script:passes++; Write-Output "PASS: $What" }
        else { $script:fails++; Write-Output "FAIL: $What" }
    } catch {
        $script:fails++
        Write-Output "FAIL: $What ($($_.Exception.Message))"
    }
}

$Msi = (Resolve-Path $Msi).Path
$log = Join-Path $env:TEMP "connectas-check-install.log"
$xlog = Join-Path $env:TEMP "connectas-check-uninstall.log"
$build = [Environment]::OSVersion.Version.Build
Check "Windows 11 (build $build >= 22000)" { $build -ge 22000 }
$admin = ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole(
    [Security.Principal.WindowsBuiltInRole]::Administrator)
if ($Machine -or $Cert) { Check "running elevated (needed for -Machine and -Cert)" { $admin } }

# The signing certificate, trusted for this check only.
$imported = $null
if ($Cert) {
    Check "certificate imported into LocalMachine\TrustedPeople" {
        $script:imported = Import-Certificate -FilePath (Resolve-Path $Cert).Path -CertStoreLocation Cert:\LocalMachine\TrustedPeople
        $null -ne $script:imported
    }
}

# Install.
$p = Start-Process msiexec.exe -ArgumentList "/i `"$Msi`" /qn /l*v `"$log`"" -Wait -PassThru
Check "msiexec /i exit code 0 (got $($p.ExitCode))" { $p.ExitCode -eq 0 }
Check "the RegisterPackage action ran" { (Get-Content -Path $log -Raw) -match "RegisterPackage" }

# The package: registered (per user) or provisioned (per machine; this user gets it at the next sign-in, so the
# provisioned list is checked and, when already present, the user's registration).
if ($Machine) {
    Check "package provisioned for all users" {
        $null -ne (Get-AppxProvisionedPackage -Online | Where-Object { $_.DisplayName -eq $PackageName })
    }
    $pkg = Get-AppxPackage -AllUsers -Name $PackageName
} else {
    $pkg = Get-AppxPackage -Name $PackageName
    Check "Get-AppxPackage finds $PackageName for this user" { $null -ne $pkg }
}
if ($pkg) {
    Check "package status Ok (got $($pkg.Status))" { "$($pkg.Status)" -eq "Ok" }
    Check "package is signed for sideloading or by a trusted publisher (SignatureKind $($pkg.SignatureKind))" {
        "$($pkg.SignatureKind)" -in @("Developer", "Enterprise", "Store", "System")
    }
    $manifest = Get-AppxPackageManifest -Package $pkg.PackageFullName
    Check "manifest declares the command's class" {
        $manifest.OuterXml -match [regex]::Escape($XcmdClsid.Trim("{}"))
    }
}
$hive = if ($Machine) { "HKLM:" } else { "HKCU:" }
Check "$hive\Software\ConnectAs ExplorerCommand names the package family (the classic item steps aside)" {
    $recorded = (Get-ItemProperty -Path "$hive\Software\ConnectAs" -Name ExplorerCommand -ErrorAction SilentlyContinue).ExplorerCommand
    $pkg -and $recorded -eq $pkg.PackageFamilyName
}

# COM: the Windows 11 command through the package's surrogate, and the classic handler in process.
$src = @"
using System;
using System.Runtime.InteropServices;
[ComImport, Guid("a08ce4d0-fa25-44ab-b57c-c7b1c323e0b9"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
public interface IExplorerCommandCheck {
    [PreserveSig] int GetTitle(IntPtr items, [MarshalAs(UnmanagedType.LPWStr)] out string title);
    [PreserveSig] int GetIcon(IntPtr items, [MarshalAs(UnmanagedType.LPWStr)] out string icon);
    [PreserveSig] int GetToolTip(IntPtr items, [MarshalAs(UnmanagedType.LPWStr)] out string tip);
    [PreserveSig] int GetCanonicalName(out Guid name);
    [PreserveSig] int GetState(IntPtr items, int slow, out int state);
    [PreserveSig] int Invoke(IntPtr items, IntPtr ctx);
    [PreserveSig] int GetFlags(out int flags);
    [PreserveSig] int EnumSubCommands(out IntPtr commands);
}
public static class ConnectAsCheck {
    public static string Title(Guid clsid) {
        object o = Activator.CreateInstance(Type.GetTypeFromCLSID(clsid, true));
        IExplorerCommandCheck c = (IExplorerCommandCheck)o;
        string title;
        int hr = c.GetTitle(IntPtr.Zero, out title);
        int state;
        int hs = c.GetState(IntPtr.Zero, 0, out state);
        Marshal.ReleaseComObject(o);
        if (hr != 0) throw new Exception("GetTitle 0x" + hr.ToString("x8"));
        if (hs != 0 || state != 2) throw new Exception("GetState without items 0x" + hs.ToString("x8") + " state " + state);
        return title;
    }
    public static bool Classic(Guid clsid) {
        object o = Activator.CreateInstance(Type.GetTypeFromCLSID(clsid, true));
        bool ok = o != null;
        Marshal.ReleaseComObject(o);
        return ok;
    }
}
"@
Add-Type -TypeDefinition $src -Language CSharp
if ($pkg -and -not $Machine) {
    Check "the Windows 11 command loads (COM surrogate) and has a title, hidden without items" {
        $title = [ConnectAsCheck]::Title([Guid]$XcmdClsid)
        Write-Output "      title: $title" | Out-Host
        $title.Length -gt 3
    }
}
Check "the classic handler loads through COM" { [ConnectAsCheck]::Classic([Guid]$ClassicClsid) }

# Remove everything.
$p = Start-Process msiexec.exe -ArgumentList "/x `"$Msi`" /qn /l*v `"$xlog`"" -Wait -PassThru
Check "msiexec /x exit code 0 (got $($p.ExitCode))" { $p.ExitCode -eq 0 }
Check "package gone for this user" { $null -eq (Get-AppxPackage -Name $PackageName) }
if ($Machine) {
    Check "package gone for all users and not provisioned" {
        ($null -eq (Get-AppxPackage -AllUsers -Name $PackageName)) -and
        ($null -eq (Get-AppxProvisionedPackage -Online | Where-Object { $_.DisplayName -eq $PackageName }))
    }
}
Check "flag removed" {
    $null -eq (Get-ItemProperty -Path "$hive\Software\ConnectAs" -Name ExplorerCommand -ErrorAction SilentlyContinue)
}
$dir = if ($Machine) { Join-Path $env:ProgramFiles "ConnectAs" } else { Join-Path $env:LOCALAPPDATA "Programs\ConnectAs" }
Check "install folder removed ($dir)" { -not (Test-Path $dir) }
if ($imported) {
    Check "certificate removed from TrustedPeople again" {
        Remove-Item -Path "Cert:\LocalMachine\TrustedPeople\$($imported.Thumbprint)"
        -not (Test-Path "Cert:\LocalMachine\TrustedPeople\$($imported.Thumbprint)")
    }
}

Write-Output ""
if ($script:fails -eq 0) { Write-Output "RESULT: PASS ($($script:passes) checks)" }
else { Write-Output "RESULT: FAIL ($($script:fails) of $($script:passes + $script:fails) checks failed; logs: $log, $xlog)" }
exit $script:fails
