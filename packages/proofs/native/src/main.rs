//! Hashes one LeanIMT subtree with Poseidon(2) over BN254, the hash of circomlib's Poseidon circuit, in
//! native code: ~4× faster per core than the same Poseidon in WebAssembly. Mutua's Node side (SubtreePool)
//! runs one of these per core when it was built, and checks what it computes against the chain's root.
//!
//! stdin:  constants (u32 count + 32-byte little-endian words, for C, S, M, P: circomlibjs's optimized
//!         constants for t = 3, in normal form), then u32 n and n leaves (32-byte little-endian, < r).
//! stdout: every level of the subtree, leaves first, as 32-byte little-endian words; a node without a
//!         right sibling is promoted unchanged.
//!
//! `append` mode (a wallet catching up with new members): after the constants, u32 n (the tree's size),
//! u32 k and the k new leaves, u32 depth (after the append), then for each level below it a u8 flag and a
//! word: the left sibling of the level's first new node when that node is a right child. stdout: for each
//! level from 1 to depth, the new or changed nodes, from the first one to the level's end.
use std::io::{self, Read, Write};

/// r, the BN254 scalar field modulus, little-endian 64-bit limbs.
const P: [u64; 4] = [0x43e1f593f0000001, 0x2833e84879b97091, 0xb85045b68181585d, 0x30644e72e131a029];

type Fe = [u64; 4];

struct Field {
    /// -r^-1 mod 2^64
    inv: u64,
    /// R^2 mod r (R = 2^256), to enter Montgomery form
    r2: Fe,
}

fn geq(a: &Fe, b: &Fe) -> bool {
    for i in (0..4).rev() {
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

fn sub(a: &Fe, b: &Fe) -> Fe {
    let mut out = [0u64; 4];
    let mut borrow = 0u64;
    for i in 0..4 {
        let (d1, b1) = a[i].overflowing_sub(b[i]);
        let (d2, b2) = d1.overflowing_sub(borrow);
        out[i] = d2;
        borrow = (b1 as u64) | (b2 as u64);
    }
    out
}

/// (a + b) mod r, for a, b < r (r < 2^254: the sum never overflows 256 bits).
fn add(a: &Fe, b: &Fe) -> Fe {
    let mut out = [0u64; 4];
    let mut carry = 0u128;
    for i in 0..4 {
        let s = a[i] as u128 + b[i] as u128 + carry;
        out[i] = s as u64;
        carry = s >> 64;
    }
    if geq(&out, &P) {
        sub(&out, &P)
    } else {
        out
    }
}

impl Field {
    fn new() -> Field {
        // Newton's iteration for r^-1 mod 2^64, then negated.
        let mut inv = 1u64;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(P[0].wrapping_mul(inv)));
        }
        // 2^512 mod r by doubling 1 five hundred and twelve times.
        let mut r2: Fe = [1, 0, 0, 0];
        for _ in 0..512 {
            r2 = add(&r2, &r2);
        }
        Field { inv: inv.wrapping_neg(), r2 }
    }

    /// Montgomery product a·b·R^-1 mod r: CIOS in its "no-carry" form (gnark-crypto's), valid because r's top
    /// limb is below 2^63 - 1: the running sum never needs a fifth and sixth limb (a sixth faster here).
    #[inline(always)]
    fn mul(&self, a: &Fe, b: &Fe) -> Fe {
        let mut t = [0u64; 4];
        for i in 0..4 {
            let s = t[0] as u128 + (a[0] as u128) * (b[i] as u128);
            t[0] = s as u64;
            let mut hi_a = (s >> 64) as u64;
            let m = t[0].wrapping_mul(self.inv);
            let mut hi_c = ((t[0] as u128 + (m as u128) * (P[0] as u128)) >> 64) as u64;
            for j in 1..4 {
                let s = t[j] as u128 + (a[j] as u128) * (b[i] as u128) + hi_a as u128;
                hi_a = (s >> 64) as u64;
                let s2 = (s as u64) as u128 + (m as u128) * (P[j] as u128) + hi_c as u128;
                hi_c = (s2 >> 64) as u64;
                t[j - 1] = s2 as u64;
            }
            t[3] = hi_c.wrapping_add(hi_a);
        }
        // Rarely taken (the product is below r almost always): a branch the processor predicts.
        if geq(&t, &P) {
            sub(&t, &P)
        } else {
            t
        }
    }

    fn to_mont(&self, a: &Fe) -> Fe {
        self.mul(a, &self.r2)
    }

    fn from_mont(&self, a: &Fe) -> Fe {
        self.mul(a, &[1, 0, 0, 0])
    }

    #[inline(always)]
    fn pow5(&self, a: &Fe) -> Fe {
        let a2 = self.mul(a, a);
        let a4 = self.mul(&a2, &a2);
        self.mul(&a4, a)
    }
}

/// Poseidon with t = 3 (two inputs), 8 full and 57 partial rounds, in circomlibjs's optimized form
/// (sparse matrices in the partial rounds; poseidon_opt.js), all constants in Montgomery form.
struct Poseidon {
    f: Field,
    c: Vec<Fe>,
    s: Vec<Fe>,
    m: [[Fe; 3]; 3],
    p: [[Fe; 3]; 3],
}

const T: usize = 3;
const ROUNDS_F: usize = 8;
const ROUNDS_P: usize = 57;

impl Poseidon {
    fn mix(&self, state: &[Fe; T], matrix: &[[Fe; 3]; 3]) -> [Fe; T] {
        let mut out = [[0u64; 4]; T];
        for i in 0..T {
            let mut acc = [0u64; 4];
            for j in 0..T {
                acc = add(&acc, &self.f.mul(&matrix[j][i], &state[j]));
            }
            out[i] = acc;
        }
        out
    }

    fn hash(&self, left: &Fe, right: &Fe) -> Fe {
        let f = &self.f;
        let c = &self.c;
        let mut state: [Fe; T] = [[0; 4], *left, *right];
        for i in 0..T {
            state[i] = add(&state[i], &c[i]);
        }
        for r in 0..ROUNDS_F / 2 - 1 {
            for i in 0..T {
                state[i] = add(&f.pow5(&state[i]), &c[(r + 1) * T + i]);
            }
            state = self.mix(&state, &self.m);
        }
        for i in 0..T {
            state[i] = add(&f.pow5(&state[i]), &c[(ROUNDS_F / 2) * T + i]);
        }
        state = self.mix(&state, &self.p);
        for r in 0..ROUNDS_P {
            state[0] = add(&f.pow5(&state[0]), &c[(ROUNDS_F / 2 + 1) * T + r]);
            let base = (T * 2 - 1) * r;
            let mut s0 = [0u64; 4];
            for j in 0..T {
                s0 = add(&s0, &f.mul(&self.s[base + j], &state[j]));
            }
            for k in 1..T {
                state[k] = add(&state[k], &f.mul(&state[0], &self.s[base + T + k - 1]));
            }
            state[0] = s0;
        }
        for r in 0..ROUNDS_F / 2 - 1 {
            for i in 0..T {
                state[i] = add(&f.pow5(&state[i]), &c[(ROUNDS_F / 2 + 1) * T + ROUNDS_P + r * T + i]);
            }
            state = self.mix(&state, &self.m);
        }
        for i in 0..T {
            state[i] = f.pow5(&state[i]);
        }
        state = self.mix(&state, &self.m);
        state[0]
    }
}

fn read_u32(input: &[u8], at: &mut usize) -> usize {
    let bytes: [u8; 4] = input[*at..*at + 4].try_into().expect("truncated input");
    *at += 4;
    u32::from_le_bytes(bytes) as usize
}

fn read_fe(input: &[u8], at: &mut usize) -> Fe {
    let mut out = [0u64; 4];
    for (i, limb) in out.iter_mut().enumerate() {
        *limb = u64::from_le_bytes(input[*at + 8 * i..*at + 8 * i + 8].try_into().expect("truncated input"));
    }
    *at += 32;
    out
}

fn read_list(input: &[u8], at: &mut usize, f: &Field) -> Vec<Fe> {
    let n = read_u32(input, at);
    (0..n).map(|_| f.to_mont(&read_fe(input, at))).collect()
}

fn read_matrix(input: &[u8], at: &mut usize, f: &Field) -> [[Fe; 3]; 3] {
    let flat = read_list(input, at, f);
    assert_eq!(flat.len(), 9, "a 3×3 matrix has 9 entries");
    [[flat[0], flat[1], flat[2]], [flat[3], flat[4], flat[5]], [flat[6], flat[7], flat[8]]]
}

/// The nodes an append changes, level by level (see the module comment).
fn append(poseidon: &Poseidon, input: &[u8], at: &mut usize, out: &mut Vec<u8>) {
    let mut start = read_u32(input, at);
    let k = read_u32(input, at);
    let mut current: Vec<Fe> = (0..k).map(|_| poseidon.f.to_mont(&read_fe(input, at))).collect();
    let depth = read_u32(input, at);
    let mut siblings = Vec::with_capacity(depth);
    for _ in 0..depth {
        let present = input[*at] == 1;
        *at += 1;
        let node = read_fe(input, at);
        siblings.push(if present { Some(poseidon.f.to_mont(&node)) } else { None });
    }
    for sibling in siblings.iter().take(depth) {
        let mut nodes = Vec::with_capacity(current.len() + 1);
        if start & 1 == 1 {
            nodes.push(sibling.expect("a right child's left sibling"));
            start -= 1;
        }
        nodes.extend_from_slice(&current);
        current = nodes
            .chunks(2)
            .map(|pair| if pair.len() == 2 { poseidon.hash(&pair[0], &pair[1]) } else { pair[0] })
            .collect();
        start /= 2;
        for node in &current {
            for limb in poseidon.f.from_mont(node) {
                out.extend_from_slice(&limb.to_le_bytes());
            }
        }
    }
}

fn main() {
    let mut input = Vec::new();
    io::stdin().read_to_end(&mut input).expect("stdin");
    let mut at = 0;
    let f = Field::new();
    let c = read_list(&input, &mut at, &f);
    let s = read_list(&input, &mut at, &f);
    let m = read_matrix(&input, &mut at, &f);
    let p = read_matrix(&input, &mut at, &f);
    assert_eq!(c.len(), 81, "t = 3 has 81 round constants");
    assert_eq!(s.len(), 285, "t = 3 has 285 sparse-matrix entries");
    let poseidon = Poseidon { f, c, s, m, p };
    if std::env::args().nth(1).as_deref() == Some("append") {
        let mut out = Vec::new();
        append(&poseidon, &input, &mut at, &mut out);
        io::stdout().write_all(&out).expect("stdout");
        return;
    }
    let n = read_u32(&input, &mut at);
    let mut level: Vec<Fe> = (0..n).map(|_| poseidon.f.to_mont(&read_fe(&input, &mut at))).collect();
    let mut out = Vec::with_capacity(2 * n * 32 + 32);
    let write_level = |level: &[Fe], out: &mut Vec<u8>| {
        for node in level {
            for limb in poseidon.f.from_mont(node) {
                out.extend_from_slice(&limb.to_le_bytes());
            }
        }
    };
    write_level(&level, &mut out);
    while level.len() > 1 {
        let next: Vec<Fe> = level
            .chunks(2)
            .map(|pair| if pair.len() == 2 { poseidon.hash(&pair[0], &pair[1]) } else { pair[0] })
            .collect();
        write_level(&next, &mut out);
        level = next;
    }
    io::stdout().write_all(&out).expect("stdout");
}
