#!/usr/bin/env python3
# Run from the repository root: python3 tests/mutants/visibility.py .
# (or in a scratch worktree: it rewrites src/domain/visibility.rs and restores it).
# Weakens each case of domain/visibility.rs in turn and runs the no-leak test;
# every mutation must make it fail.
import subprocess, sys, os
os.chdir(sys.argv[1])
P='src/domain/visibility.rs'
orig=open(P).read()
muts=[
 ('meeting visible when draft','viewer.is_internal() || m.status != MeetingStatus::Draft','true'),
 ('agenda without publication','viewer.is_internal() || (meeting_visible(viewer, m) && m.agenda_published)','viewer.is_internal() || meeting_visible(viewer, m)'),
 ('minutes before publication','''        || (agenda_visible(viewer, m)
            && matches!(
                m.minutes_status,
                MinutesStatus::Published | MinutesStatus::Confirmed
            ))''','|| agenda_visible(viewer, m)'),
 ('item never hidden','!viewer.is_internal() && item.exempt()','!viewer.is_internal() && item.restricted'),
 ('parts of restricted items shown','''    pub fn exempt(self) -> bool {
        self.restricted || self.parent_restricted''','''    pub fn exempt(self) -> bool {
        self.restricted'''),
 ('item minutes of hidden items','minutes_visible(viewer, m) && !item_hidden(viewer, item)','minutes_visible(viewer, m)'),
 ('presenter of hidden items','''pub fn presenter_visible(viewer: Viewer, item: ItemFacts) -> bool {
    !item_hidden(viewer, item)''','''pub fn presenter_visible(viewer: Viewer, item: ItemFacts) -> bool {
    let _ = (viewer, item);
    true'''),
 ('summary before publication','viewer.is_internal() || (minutes_visible(viewer, m) && item.restricted)','viewer.is_internal() || item.restricted'),
 ('restriction reason public','''pub fn restriction_reason_visible(viewer: Viewer) -> bool {
    viewer.is_internal()''','''pub fn restriction_reason_visible(viewer: Viewer) -> bool {
    let _ = viewer;
    true'''),
 ('restricted papers public','(agenda_visible(viewer, m) && !item.exempt() && !document_restricted)','(agenda_visible(viewer, m) && !item.exempt())'),
 ('papers of hidden items public','(agenda_visible(viewer, m) && !item.exempt() && !document_restricted)','(agenda_visible(viewer, m) && !document_restricted)'),
 ('papers of unpublished agendas','(agenda_visible(viewer, m) && !item.exempt() && !document_restricted)','(!item.exempt() && !document_restricted)'),
]
res=[]
for name,a,b in muts:
    assert a in orig, name
    open(P,'w').write(orig.replace(a,b,1))
    r=subprocess.run(['cargo','test','--test','api','no_leaks'],capture_output=True,text=True)
    ok = 'test result: ok' in r.stdout
    compiled = 'error[' not in r.stderr
    line=[l for l in r.stdout.splitlines() if 'leaked' in l or 'panicked' in l or 'seed' in l][:1]
    res.append((name,'SURVIVED' if ok else ('COMPILE ERROR' if not compiled else 'caught'),line))
    print(res[-1],flush=True)
open(P,'w').write(orig)
