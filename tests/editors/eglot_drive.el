;;; eglot_drive.el --- drive Emacs + eglot against seclint in batch mode  -*- lexical-binding: t; -*-

;; Loads the documented configuration (editors/emacs/seclint-eglot.el), opens a vulnerable
;; file, reads flymake's diagnostics, asks eglot's hover (eldoc) function, picks code actions
;; from eglot's menu, saves, and writes what it saw as JSON to $SECLINT_REPORT.

(require 'package)
(package-initialize)
(require 'json)
(require 'cl-lib)

(defvar drive-report (list))
(defvar drive-steps nil)

(defun drive-finish (err)
  (push (cons 'steps (vconcat (reverse drive-steps))) drive-report)
  (when err (push (cons 'error err) drive-report))
  (with-temp-file (getenv "SECLINT_REPORT")
    (insert (json-encode drive-report)))
  (kill-emacs 0))

(defun drive-idle ()
  "Run the idle timers, as an interactive Emacs does when the user pauses.
Batch mode never goes idle, and eglot sends edits (didChange) and flymake
re-checks from idle timers."
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer)))

(defun drive-wait (seconds predicate what)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (drive-idle)
      (accept-process-output nil 0.05))
    (unless (funcall predicate)
      (error "timed out waiting for %s" what))))

(defun drive-diagnostics ()
  (sort
   (mapcar (lambda (d)
             (let ((lsp (cdr (assoc 'eglot-lsp-diag (eglot--diag-data d)))))
               `((line . ,(1- (line-number-at-pos (flymake-diagnostic-beg d))))
                 (col . ,(save-excursion (goto-char (flymake-diagnostic-beg d)) (current-column)))
                 (end_col . ,(save-excursion (goto-char (flymake-diagnostic-end d)) (current-column)))
                 (type . ,(symbol-name (flymake-diagnostic-type d)))
                 (text . ,(flymake-diagnostic-text d))
                 (code . ,(plist-get lsp :code))
                 (source . ,(plist-get lsp :source)))))
           (flymake-diagnostics))
   (lambda (a b) (< (alist-get 'line a) (alist-get 'line b)))))

(defun drive-goto (code)
  (let ((diag (cl-find-if (lambda (d) (equal (plist-get (cdr (assoc 'eglot-lsp-diag (eglot--diag-data d))) :code) code))
                          (flymake-diagnostics))))
    (unless diag (error "no %s diagnostic" code))
    (goto-char (flymake-diagnostic-beg diag))
    (forward-char 1)))

(defun drive-code-action (title-part)
  "Run eglot's code-action menu at point and choose the entry containing TITLE-PART."
  (let ((offered nil)
        (last-nonmenu-event ?\r))  ; a keyboard event: eglot asks with completing-read
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar #'car collection))
                 (or (cl-find-if (lambda (title) (string-search title-part title)) offered)
                     (error "no action %S among %S" title-part offered)))))
      (call-interactively #'eglot-code-actions))
    (vconcat offered)))

(condition-case err
    (progn
      (setq seclint-command (getenv "SECLINT_CMD"))
      (load (expand-file-name "editors/emacs/seclint-eglot.el" (getenv "SECLINT_ROOT")) nil t)
      (setq eglot-sync-connect 30)
      ;; A project's settings, as .dir-locals.el would set them (README).
      (setq-default eglot-workspace-configuration '(:seclint (:severity (:PY-CMD-SHELL "low"))))
      (find-file (getenv "SECLINT_FILE"))
      ;; eglot-ensure connects after the command that opened the file; batch mode has no
      ;; command loop, so end the "command" here.
      (run-hooks 'post-command-hook)
      (push (cons 'emacs emacs-version) drive-report)
      (drive-wait 60 (lambda () (eglot-current-server)) "eglot to connect")
      (flymake-start)
      (drive-wait 60 (lambda () (>= (length (flymake-diagnostics)) 2)) "diagnostics")
      (push (cons 'diagnostics (vconcat (drive-diagnostics))) drive-report)
      (push "diagnostics" drive-steps)

      (drive-goto "PY-DESERIAL-YAML")
      (let ((hover nil))
        (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover info)))
        (drive-wait 20 (lambda () hover) "hover")
        (push (cons 'hover (substring-no-properties hover)) drive-report))
      (push "hover" drive-steps)

      (drive-goto "PY-DESERIAL-YAML")
      (push (cons 'yaml_actions (drive-code-action "yaml.safe_load")) drive-report)
      (push "quickfix" drive-steps)
      (drive-wait 20 (lambda () (= (length (flymake-diagnostics)) 1)) "the yaml finding to go")

      (drive-goto "PY-CMD-SHELL")
      (push (cons 'shell_actions (drive-code-action "Suppress PY-CMD-SHELL")) drive-report)
      (drive-wait 20 (lambda () (null (flymake-diagnostics))) "the diagnostics to clear")
      (push (cons 'diagnostics_after (vconcat (drive-diagnostics))) drive-report)
      (push "suppress" drive-steps)

      (save-buffer)
      (push "save" drive-steps)
      (drive-finish nil))
  (error (drive-finish (error-message-string err))))
