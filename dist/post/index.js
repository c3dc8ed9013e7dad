// The post step (written by scripts/build.sh): its code is in the bundle both steps share.
require('../bundle/index.js').post();
