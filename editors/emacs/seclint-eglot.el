;;; seclint-eglot.el --- seclint with Emacs's eglot  -*- lexical-binding: t; -*-

;; Copy this into your init file (or load it), after setting the path to seclint.
;; eglot runs one server per major mode: this makes seclint the Python server.

(require 'eglot)

(defvar seclint-command "seclint"
  "The seclint executable: \"seclint\" on PATH, or e.g. \"~/venvs/seclint/bin/seclint\".")

(add-to-list 'eglot-server-programs
             `((python-mode python-ts-mode)
               . (,seclint-command "lsp"
                  ;; The server's settings (README "Settings"), also readable from
                  ;; `eglot-workspace-configuration' under :seclint.
                  :initializationOptions (:minConfidence "low"))))

(add-hook 'python-mode-hook #'eglot-ensure)
(when (boundp 'python-ts-mode-hook)
  (add-hook 'python-ts-mode-hook #'eglot-ensure))

(provide 'seclint-eglot)
;;; seclint-eglot.el ends here
