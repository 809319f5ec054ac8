; Vigil's additions to the per-machine NSIS installer (electron-builder `nsis.include`).
;
; %ProgramData%\Vigil is made owned by Administrators, with an ACL that lets only Administrators and
; SYSTEM write and Users read (SIDs, so it works on every Windows language): a standard user can
; neither plant nor change the managed configuration, whose values win over the exam's policy. Vigil
; checks the owner at start (main/config/managed-config-trust/win32.ts). The folder's security
; descriptor is set whole (the MSI's SDDL, build/msi-project-created.mjs), so nothing a user put on a
; folder they made before the install survives; a file a user planted there keeps its owner and is
; refused, unless this installer copies the centre's file over it (it is then given to Administrators).
; The managed configuration comes from, in order (the later wins):
;   1. resources\managed\config.json, when the centre built its own installer with one (extraResources);
;   2. vigil-config.json beside the installer .exe, for centres that use the stock installer.

!define VIGIL_DIR_SDDL "O:BAG:BAD:PAI(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)(A;OICI;0x1200a9;;;BU)"
!define VIGIL_FILE_SDDL "O:BAG:BAD:PAI(A;;FA;;;BA)(A;;FA;;;SY)(A;;0x1200a9;;;BU)"

; Owner and the whole DACL at once; icacls first, so a machine without PowerShell still gets the ACL.
!macro VigilSecure TARGET SDDL ICACLS_GRANT
  nsExec::Exec 'icacls "${TARGET}" /setowner *S-1-5-32-544'
  Pop $0
  nsExec::Exec 'icacls "${TARGET}" /inheritance:r /grant:r ${ICACLS_GRANT}'
  Pop $0
  nsExec::Exec `"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoLogo -NoProfile -NonInteractive -Command "$$acl = Get-Acl -LiteralPath '${TARGET}'; $$acl.SetSecurityDescriptorSddlForm('${SDDL}'); Set-Acl -LiteralPath '${TARGET}' -AclObject $$acl"`
  Pop $0
!macroend

!macro customInstall
  SetShellVarContext all
  CreateDirectory "$APPDATA\Vigil"
  !insertmacro VigilSecure "$APPDATA\Vigil" "${VIGIL_DIR_SDDL}" "*S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX"
  IfFileExists "$INSTDIR\resources\managed\config.json" 0 vigil_no_bundled_config
    CopyFiles /SILENT "$INSTDIR\resources\managed\config.json" "$APPDATA\Vigil\config.json"
    !insertmacro VigilSecure "$APPDATA\Vigil\config.json" "${VIGIL_FILE_SDDL}" "*S-1-5-32-544:F *S-1-5-18:F *S-1-5-32-545:RX"
  vigil_no_bundled_config:
  IfFileExists "$EXEDIR\vigil-config.json" 0 vigil_no_side_config
    CopyFiles /SILENT "$EXEDIR\vigil-config.json" "$APPDATA\Vigil\config.json"
    !insertmacro VigilSecure "$APPDATA\Vigil\config.json" "${VIGIL_FILE_SDDL}" "*S-1-5-32-544:F *S-1-5-18:F *S-1-5-32-545:RX"
  vigil_no_side_config:
!macroend

; The managed configuration belongs to the centre, not to this installation: uninstalling keeps it.
