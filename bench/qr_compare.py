# Compares two output folders: every file identical except the QR path of
# leaflets, whose filled modules (nonzero rule) must be identical.
import sys, os, re
a_root, b_root = sys.argv[1], sys.argv[2]
cmd_re = re.compile(r'([MmHhVv])([^MmHhVv]*)')
def fill(d, side):
    acc = [[0] * (side + 1) for _ in range(side + 1)]
    at = (0, 0); start = (0, 0)
    def edge(f, t):
        if f[1] == t[1] and f[0] != t[0]:
            x0, x1, s = (f[0], t[0], 1) if f[0] < t[0] else (t[0], f[0], -1)
            row = acc[f[1]]
            for x in range(x0, x1):
                row[x] += s
        elif f[0] != t[0]:
            raise ValueError('diagonal')
    for c, nums in cmd_re.findall(d):
        n = [int(v) for v in nums.split()]
        if c == 'M': to = (n[0], n[1])
        elif c == 'm': to = (at[0] + n[0], at[1] + n[1])
        elif c == 'H': to = (n[0], at[1])
        elif c == 'h': to = (at[0] + n[0], at[1])
        elif c == 'V': to = (at[0], n[0])
        else: to = (at[0], at[1] + n[0])
        if c in 'Mm':
            edge(at, start); start = to
        else:
            edge(at, to)
        at = to
    edge(at, start)
    out = []; w = [0] * (side + 1)
    for y in range(side):
        w = [a + b for a, b in zip(w, acc[y])]
        out.append(tuple(v != 0 for v in w[:side]))
    return out
files = diff_files = qr = 0
path_re = re.compile(r'(<path fill="#000" d=")([^"]*)(")')
vb_re = re.compile(r'viewBox="0 0 (\d+) ')
bytes_a = bytes_b = 0
for dirpath, _, names in os.walk(a_root):
    for name in names:
        pa = os.path.join(dirpath, name); rel = os.path.relpath(pa, a_root); pb = os.path.join(b_root, rel)
        files += 1
        A = open(pa, 'rb').read(); B = open(pb, 'rb').read()
        bytes_a += len(A); bytes_b += len(B)
        if A == B: continue
        diff_files += 1
        sa = A.decode(); sb = B.decode()
        ma = path_re.findall(sa); mb = path_re.findall(sb)
        if path_re.sub('', sa) != path_re.sub('', sb) or len(ma) != len(mb) or not ma:
            print('DIFFERENT beyond the QR path:', rel); continue
        side = int(vb_re.search(sa).group(1))
        for (_, da, _), (_, db, _) in zip(ma, mb):
            if fill(da, side) != fill(db, side):
                print('QR modules differ:', rel)
        qr += 1
n_b = sum(len(f) for _, _, f in os.walk(b_root))
print(f'{files} files in {a_root}, {n_b} in {b_root}; {diff_files} differ, {qr} only in the QR path with the same modules; bytes {bytes_a} -> {bytes_b}')
