; Vigil's additions to the per-machine NSIS installer (electron-builder `nsis.include`).
;
; %ProgramData%\Vigil is created with an ACL that lets only Administrators and SYSTEM write
; (SIDs, so it works on every Windows language): a standard user can neither plant nor change the
; managed configuration, whose values win over the exam's policy.
; The managed configuration comes from, in order (the later wins):
;   1. resources\managed\config.json, when the centre built its own installer with one (extraResources);
;   2. vigil-config.json beside the installer .exe, for centres that use the stock installer.

!macro customInstall
  SetShellVarContext all
  CreateDirectory "$APPDATA\Vigil"
  nsExec::Exec 'icacls "$APPDATA\Vigil" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
  Pop $0
  IfFileExists "$INSTDIR\resources\managed\config.json" 0 +2
    CopyFiles /SILENT "$INSTDIR\resources\managed\config.json" "$APPDATA\Vigil\config.json"
  IfFileExists "$EXEDIR\vigil-config.json" 0 +2
    CopyFiles /SILENT "$EXEDIR\vigil-config.json" "$APPDATA\Vigil\config.json"
!macroend

; The managed configuration belongs to the centre, not to this installation: uninstalling keeps it.
