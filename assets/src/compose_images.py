# Composes the first versions of the pack's flat SVG illustrations (no text in
# images) from a few shared shapes, so they share one style. The SVG files in
# images/ are the real sources: edit them in Inkscape freely, but then do NOT
# re-run this script, which would overwrite them. Render with build.sh.
#   python3 assets/src/compose_images.py && sh assets/src/build.sh images
import os
OUT=os.path.join(os.path.dirname(os.path.abspath(__file__)),"images")
SKIN=["#f1c9a5","#d9a47a","#b97d55","#8d5a3b","#e8b98f"]
HAIR=["#2b1d16","#3b2a20","#1c1c1c","#5a3a22","#9a9a9a"]
SHIRT=["#e07a5f","#3d8b7d","#f2b33d","#6c7fd1","#c8553d","#4f9d69","#d97aa6","#2f7fa3"]
BG={"peach":"#fde6d2","sand":"#fbefd9","mint":"#def2e8","sky":"#dcecf7","rose":"#f9e0e3","lilac":"#ebe4f6"}

def person(x,y,s=1.0,skin=0,hair=0,shirt=0,style="short",arm=None,sit=False,face=True,flip=False):
    """Standing (or sitting) figure; (x,y) = feet centre. style: short, long, bun, scarf, cap, bald."""
    sk=SKIN[skin]; hr=HAIR[hair]; sh=SHIRT[shirt]
    g=[f'<g transform="translate({x} {y}) scale({-s if flip else s} {s})">']
    if not sit:
        g.append(f'<rect x="-22" y="-70" width="18" height="70" rx="8" fill="#46506b"/>')
        g.append(f'<rect x="4" y="-70" width="18" height="70" rx="8" fill="#46506b"/>')
        by=-150
    else:
        g.append(f'<rect x="-22" y="-50" width="18" height="50" rx="8" fill="#46506b"/>')
        g.append(f'<rect x="4" y="-50" width="18" height="50" rx="8" fill="#46506b"/>')
        g.append(f'<rect x="-30" y="-4" width="26" height="8" rx="4" fill="#2b2f3a"/><rect x="4" y="-4" width="26" height="8" rx="4" fill="#2b2f3a"/>')
        by=-132
    g.append(f'<path d="M-34 {by+90} L-34 {by+28} Q-34 {by} -6 {by} L6 {by} Q34 {by} 34 {by+28} L34 {by+90} Z" fill="{sh}"/>')
    # arms
    if arm=="wave":
        g.append(f'<path d="M28 {by+20} Q52 {by-6} 50 {by-40}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
        g.append(f'<circle cx="50" cy="{by-46}" r="10" fill="{sk}"/>')
        g.append(f'<path d="M-30 {by+20} Q-40 {by+50} -34 {by+78}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
    elif arm=="stop":
        g.append(f'<path d="M28 {by+20} Q56 {by+26} 62 {by+2}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
        g.append(f'<rect x="54" y="{by-28}" width="18" height="26" rx="8" fill="{sk}"/>')
        g.append(f'<path d="M-30 {by+20} Q-40 {by+50} -34 {by+78}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
    elif arm=="reach":
        g.append(f'<path d="M28 {by+20} Q56 {by+40} 74 {by+40}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
        g.append(f'<circle cx="78" cy="{by+40}" r="9" fill="{sk}"/>')
        g.append(f'<path d="M-30 {by+20} Q-40 {by+50} -34 {by+78}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
    elif arm=="hold":
        g.append(f'<path d="M28 {by+20} Q40 {by+56} 8 {by+58}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
        g.append(f'<path d="M-28 {by+20} Q-40 {by+56} -8 {by+58}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
        g.append(f'<circle cx="0" cy="{by+58}" r="10" fill="{sk}"/>')
    else:
        g.append(f'<path d="M30 {by+20} Q40 {by+50} 34 {by+78}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
        g.append(f'<path d="M-30 {by+20} Q-40 {by+50} -34 {by+78}" stroke="{sh}" stroke-width="16" fill="none" stroke-linecap="round"/>')
    hy=by-30
    g.append(f'<rect x="-7" y="{by-10}" width="14" height="14" fill="{sk}"/>')
    if style=="long":
        g.append(f'<path d="M-26 {hy} Q-28 {hy+44} -20 {hy+52} L-11 {hy+52} L-11 {hy+18} L11 {hy+18} L11 {hy+52} L20 {hy+52} Q28 {hy+44} 26 {hy} Z" fill="{hr}"/>')
    if style=="scarf":
        g.append(f'<path d="M-30 {hy+4} Q-30 {hy-34} 0 {hy-34} Q30 {hy-34} 30 {hy+4} L30 {hy+30} Q0 {hy+44} -30 {hy+30} Z" fill="#8e4a8f"/>')
    g.append(f'<circle cx="0" cy="{hy}" r="24" fill="{sk}"/>')
    if style in ("short","long","bun"):
        g.append(f'<path d="M-25 {hy-2} Q-26 {hy-28} 0 {hy-28} Q26 {hy-28} 25 {hy-2} Q12 {hy-14} -25 {hy-2} Z" fill="{hr}"/>')
    if style=="bun":
        g.append(f'<circle cx="0" cy="{hy-30}" r="10" fill="{hr}"/>')
    if style=="cap":
        g.append(f'<path d="M-25 {hy-4} Q-24 {hy-28} 0 {hy-28} Q24 {hy-28} 25 {hy-4} Z" fill="#2f7fa3"/>')
        g.append(f'<rect x="0" y="{hy-8}" width="36" height="7" rx="3" fill="#2f7fa3"/>')
    if style=="bald":
        g.append(f'<path d="M-25 {hy} Q-26 {hy-10} -22 {hy-12} L-22 {hy+2} Z M25 {hy} Q26 {hy-10} 22 {hy-12} L22 {hy+2} Z" fill="{hr}"/>')
    if face:
        g.append(f'<circle cx="-8" cy="{hy+2}" r="2.6" fill="#2b1d16"/><circle cx="8" cy="{hy+2}" r="2.6" fill="#2b1d16"/>')
        g.append(f'<path d="M-8 {hy+11} Q0 {hy+17} 8 {hy+11}" stroke="#2b1d16" stroke-width="2.4" fill="none" stroke-linecap="round"/>')
        g.append(f'<circle cx="-14" cy="{hy+9}" r="4" fill="#e89a8a" opacity=".5"/><circle cx="14" cy="{hy+9}" r="4" fill="#e89a8a" opacity=".5"/>')
    g.append('</g>')
    return "".join(g)

def heart(x,y,s=1,c="#e0565b"):
    return f'<path transform="translate({x} {y}) scale({s})" d="M0 12 C-4 4 -20 2 -20 -10 C-20 -20 -8 -24 0 -14 C8 -24 20 -20 20 -10 C20 2 4 4 0 12 Z" fill="{c}"/>'
def bubble(x,y,w,h,c="#ffffff",tail="left"):
    t = f'<path d="M{x+18} {y+h-2} L{x+8} {y+h+16} L{x+34} {y+h-2} Z" fill="{c}"/>' if tail=="left" else f'<path d="M{x+w-18} {y+h-2} L{x+w-8} {y+h+16} L{x+w-34} {y+h-2} Z" fill="{c}"/>'
    dots="".join(f'<circle cx="{x+w/2+dx}" cy="{y+h/2}" r="5" fill="#c9b8a6"/>' for dx in (-16,0,16))
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="16" fill="{c}"/>'+t+dots
def sun(x,y,r=26,c="#f6c453"):
    rays="".join(f'<rect x="{x-3}" y="{y-r-16}" width="6" height="12" rx="3" fill="{c}" transform="rotate({a} {x} {y})"/>' for a in range(0,360,45))
    return rays+f'<circle cx="{x}" cy="{y}" r="{r}" fill="{c}"/>'
def plant(x,y,s=1):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M-18 0 L18 0 L14 30 L-14 30 Z" fill="#c8553d" transform="translate(0 -30)"/>'
            f'<path d="M0 -30 Q0 -60 0 -80" stroke="#3d8b5d" stroke-width="5" fill="none"/>'
            f'<path d="M0 -55 Q-30 -70 -34 -50 Q-18 -44 0 -55 Z" fill="#4f9d69"/><path d="M0 -68 Q28 -88 34 -66 Q16 -58 0 -68 Z" fill="#6cbf84"/>'
            f'<path d="M0 -80 Q-14 -100 0 -110 Q14 -100 0 -80 Z" fill="#4f9d69"/></g>')
def cross(x,y,s=1,c="#e0565b",bg="#ffffff"):
    return (f'<g transform="translate({x} {y}) scale({s})"><circle r="30" fill="{bg}"/><rect x="-8" y="-20" width="16" height="40" rx="3" fill="{c}"/>'
            f'<rect x="-20" y="-8" width="40" height="16" rx="3" fill="{c}"/></g>')
def phone(x,y,s=1,c="#3d4a6b"):
    return (f'<g transform="translate({x} {y}) scale({s})"><rect x="-22" y="-40" width="44" height="80" rx="9" fill="{c}"/>'
            f'<rect x="-17" y="-31" width="34" height="56" rx="4" fill="#bfe3f2"/><circle cx="0" cy="33" r="3.5" fill="#9aa6c2"/>'
            f'<path d="M-8 -14 q4 -6 8 -2 l-3 5 q3 8 9 11 l5 -3 q4 4 -2 8 q-10 4 -18 -8 q-6 -8 1 -11 Z" fill="#3d8b7d"/></g>')
def shield(x,y,s=1,c="#3d8b7d"):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M0 -40 L32 -28 Q32 18 0 40 Q-32 18 -32 -28 Z" fill="{c}"/>'
            f'<path d="M-14 0 L-3 11 L16 -12" stroke="#ffffff" stroke-width="7" fill="none" stroke-linecap="round" stroke-linejoin="round"/></g>')
def ribbon(x,y,s=1):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M0 -10 Q-16 -30 -6 -44 Q0 -52 6 -44 Q16 -30 0 -10 L-20 30 L-10 36 L0 14 L10 36 L20 30 Z" '
            f'fill="none" stroke="#d0353f" stroke-width="9" stroke-linejoin="round"/></g>')
def scales(x,y,s=1,c="#7a5c3e"):
    return (f'<g transform="translate({x} {y}) scale({s})"><rect x="-4" y="-50" width="8" height="86" fill="{c}"/><rect x="-26" y="34" width="52" height="10" rx="4" fill="{c}"/>'
            f'<rect x="-56" y="-46" width="112" height="7" rx="3" fill="{c}"/><circle cy="-52" r="8" fill="#f2b33d"/>'
            f'<path d="M-48 -40 L-66 0 M-48 -40 L-30 0 M48 -40 L30 0 M48 -40 L66 0" stroke="{c}" stroke-width="2.5"/>'
            f'<path d="M-70 0 Q-48 22 -26 0 Z" fill="#f2b33d"/><path d="M26 0 Q48 22 70 0 Z" fill="#f2b33d"/></g>')
def book(x,y,s=1):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M0 -26 Q-24 -36 -50 -28 L-50 26 Q-24 18 0 28 Z" fill="#fff8ee" stroke="#6c7fd1" stroke-width="5"/>'
            f'<path d="M0 -26 Q24 -36 50 -28 L50 26 Q24 18 0 28 Z" fill="#fff8ee" stroke="#6c7fd1" stroke-width="5"/>'
            + "".join(f'<path d="M{sx*12} {yy} L{sx*40} {yy-3}" stroke="#c9b8a6" stroke-width="3"/>' for sx in (-1,1) for yy in (-12,-2,8)) + '</g>')
def house(x,y,s=1,wall="#fff3e0",roof="#c8553d"):
    return (f'<g transform="translate({x} {y}) scale({s})"><rect x="-60" y="-60" width="120" height="60" fill="{wall}"/>'
            f'<path d="M-74 -56 L0 -110 L74 -56 Z" fill="{roof}"/><rect x="-14" y="-36" width="28" height="36" rx="3" fill="#7a5c3e"/>'
            f'<rect x="-48" y="-44" width="22" height="18" rx="2" fill="#bfe3f2"/><rect x="26" y="-44" width="22" height="18" rx="2" fill="#bfe3f2"/></g>')
def clinic(x,y,s=1):
    return (f'<g transform="translate({x} {y}) scale({s})"><rect x="-70" y="-90" width="140" height="90" rx="4" fill="#ffffff"/>'
            f'<rect x="-76" y="-100" width="152" height="14" rx="4" fill="#3d8b7d"/><rect x="-16" y="-44" width="32" height="44" rx="3" fill="#8fc8d8"/>'
            f'<rect x="-56" y="-70" width="26" height="20" rx="2" fill="#bfe3f2"/><rect x="30" y="-70" width="26" height="20" rx="2" fill="#bfe3f2"/>'
            f'<rect x="-5" y="-82" width="10" height="26" fill="#e0565b" transform="translate(0 0)"/><rect x="-13" y="-74" width="26" height="10" fill="#e0565b"/></g>')
def cup(x,y,s=1,c="#f2b33d",lid=False):
    r=f'<g transform="translate({x} {y}) scale({s})"><path d="M-16 -40 L16 -40 L12 0 L-12 0 Z" fill="{c}"/><path d="M-16 -40 L16 -40 L15 -30 L-15 -30 Z" fill="#ffffff" opacity=".35"/>'
    if lid: r+='<rect x="-20" y="-48" width="40" height="9" rx="4" fill="#3d4a6b"/>'
    return r+'</g>'
def pin(x,y,s=1,c="#e0565b"):
    return f'<g transform="translate({x} {y}) scale({s})"><path d="M0 0 Q-30 -36 -30 -56 A30 30 0 1 1 30 -56 Q30 -36 0 0 Z" fill="{c}"/><circle cx="0" cy="-56" r="12" fill="#ffffff"/></g>'
def signpost(x,y,s=1):
    return (f'<g transform="translate({x} {y}) scale({s})"><rect x="-5" y="-130" width="10" height="130" fill="#7a5c3e"/>'
            f'<path d="M-4 -122 L70 -122 L88 -108 L70 -94 L-4 -94 Z" fill="#3d8b7d"/><path d="M4 -84 L-70 -84 L-88 -70 L-70 -56 L4 -56 Z" fill="#f2b33d"/>'
            f'<path d="M-4 -46 L60 -46 L78 -32 L60 -18 L-4 -18 Z" fill="#e07a5f"/></g>')
def brain(x,y,s=1,c="#f3a6b5"):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M-40 10 Q-56 -6 -44 -24 Q-46 -46 -20 -48 Q-6 -62 10 -50 Q34 -58 42 -34 Q60 -20 46 2 Q50 24 26 26 Q8 38 -10 28 Q-36 34 -40 10 Z" fill="{c}"/>'
            f'<path d="M0 -46 Q-6 -20 4 0 Q10 16 2 30 M-30 -20 Q-16 -16 -14 -4 M22 -36 Q16 -20 30 -12 M-26 10 Q-14 4 -4 12 M20 8 Q30 14 38 6" stroke="#d97a8f" stroke-width="4" fill="none" stroke-linecap="round"/></g>')
def bulb(x,y,s=1):
    return (f'<g transform="translate({x} {y}) scale({s})"><circle cy="-20" r="34" fill="#f6c453"/><rect x="-16" y="12" width="32" height="22" rx="5" fill="#9aa6c2"/>'
            f'<path d="M-10 -10 Q0 6 10 -10" stroke="#e0a12f" stroke-width="4" fill="none"/></g>')
def steps(x,y,s=1):
    return "".join(f'<rect x="{x+i*34*s}" y="{y-(i+1)*16*s}" width="{36*s}" height="{(i+1)*16*s}" rx="4" fill="{c}"/>' for i,c in enumerate(["#f2b33d","#e8a33a","#de9236","#d38032"]))
def wave(y,c,h=40,W=480):
    return f'<path d="M0 {y} Q{W*0.25} {y-h} {W*0.5} {y} T{W} {y} L{W} 400 L0 400 Z" fill="{c}"/>'
def bottle(x,y,s=1,c="#8fb37a"):
    return f'<g transform="translate({x} {y}) scale({s})"><rect x="-6" y="-76" width="12" height="22" rx="3" fill="{c}"/><path d="M-6 -56 Q-18 -46 -18 -30 L-18 0 L18 0 L18 -30 Q18 -46 6 -56 Z" fill="{c}"/></g>'
def glass(x,y,s=1,c="#8fd0e8"):
    return f'<g transform="translate({x} {y}) scale({s})"><path d="M-14 -44 L14 -44 L10 0 L-10 0 Z" fill="#e8f6fb" stroke="#9ac9da" stroke-width="3"/><path d="M-12 -26 L12 -26 L10 -2 L-10 -2 Z" fill="{c}"/></g>'
def lock(x,y,s=1,c="#6c7fd1"):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M-14 -8 L-14 -22 A14 14 0 0 1 14 -22 L14 -8" stroke="{c}" stroke-width="7" fill="none"/>'
            f'<rect x="-22" y="-10" width="44" height="34" rx="6" fill="{c}"/><circle cy="4" r="5" fill="#ffffff"/></g>')
def calendar(x,y,s=1):
    r=f'<g transform="translate({x} {y}) scale({s})"><rect x="-40" y="-36" width="80" height="72" rx="8" fill="#ffffff"/><rect x="-40" y="-36" width="80" height="18" rx="8" fill="#e07a5f"/>'
    for i in range(3):
        for j in range(4):
            r+=f'<circle cx="{-27+j*18}" cy="{-4+i*16}" r="5" fill="{"#4f9d69" if (i*4+j)<9 else "#e5ddd2"}"/>'
    return r+'</g>'
def sparkle(x,y,s=1,c="#f6c453"):
    return f'<path transform="translate({x} {y}) scale({s})" d="M0 -12 L3 -3 L12 0 L3 3 L0 12 L-3 3 L-12 0 L-3 -3 Z" fill="{c}"/>'
def hands(x,y,s=1):
    return (f'<g transform="translate({x} {y}) scale({s})"><path d="M-70 20 Q-60 -10 -30 -6 L0 10 L-20 30 Z" fill="{SKIN[1]}"/>'
            f'<path d="M70 20 Q60 -10 30 -6 L0 10 L20 30 Z" fill="{SKIN[3]}"/></g>')
def cloud(x,y,s=1,c="#ffffff"):
    return f'<g transform="translate({x} {y}) scale({s})" fill="{c}"><circle cx="-22" cy="0" r="16"/><circle cx="0" cy="-10" r="22"/><circle cx="24" cy="0" r="16"/><rect x="-38" y="0" width="78" height="16" rx="8"/></g>'

def svg(name,w,h,bg,body):
    s=(f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
       f'<rect width="{w}" height="{h}" fill="{BG[bg]}"/>{body}</svg>\n')
    with open(os.path.join(OUT,name+".svg"),"w") as f: f.write(s)

W,H=480,320
# ---- articles ----
svg("art-what-is-dependence",W,H,"sky", wave(270,"#c6def0")+sun(420,60,22)+cloud(90,70,1.1)
    +brain(150,160,1.2)+steps(250,290,1.1)+plant(410,300,0.9)+person(300,300,0.95,skin=2,hair=0,shirt=1,style="short",arm="wave"))
svg("art-synthetic-drugs",W,H,"lilac", wave(280,"#dcd0f0")+"".join(sparkle(x,y,1.2,c) for x,y,c in [(60,60,"#f6c453"),(400,50,"#d97aa6"),(240,40,"#6c7fd1"),(450,140,"#f6c453")])
    +person(150,300,0.95,skin=0,hair=2,shirt=6,style="long",arm="hold")+cup(150,188,0.7,"#d97aa6",lid=True)
    +person(320,300,0.95,skin=3,hair=1,shirt=7,style="short",arm="stop")+cup(420,250,1.0,"#f2b33d")+cup(455,250,1.0,"#6cbf84"))
svg("art-opioids-overdose",W,H,"rose", wave(285,"#f3cfd4")
    +'<g transform="translate(190 262)">'
     '<rect x="-150" y="16" width="300" height="10" rx="5" fill="#e8b9c0"/>'
     '<circle cx="-112" cy="-6" r="22" fill="#d9a47a"/><path d="M-134 -10 Q-128 -32 -104 -28 Q-116 -18 -134 -10 Z" fill="#2b1d16"/>'
     '<path d="M-150 14 Q-130 12 -112 14" stroke="#3d8b7d" stroke-width="12" stroke-linecap="round" fill="none"/>'
     '<rect x="-88" y="-22" width="96" height="38" rx="16" fill="#3d8b7d"/>'
     '<path d="M-60 -14 Q-70 6 -82 12" stroke="#3d8b7d" stroke-width="12" stroke-linecap="round" fill="none"/>'
     '<path d="M4 6 L80 6" stroke="#46506b" stroke-width="18" stroke-linecap="round"/>'
     '<path d="M4 -10 L44 -34 L70 -4" stroke="#46506b" stroke-width="18" stroke-linecap="round" stroke-linejoin="round" fill="none"/>'
     '</g>'
    +person(330,300,0.9,skin=4,hair=3,shirt=2,style="bun",arm="reach",sit=True,flip=True)+phone(420,120,1.0)+cross(400,60,0.7))
svg("art-alcohol",W,H,"sand", wave(280,"#f3dfbd")+'<rect x="40" y="230" width="400" height="14" rx="6" fill="#b88a5a"/>'
    +bottle(90,230,1.0,"#c9a36a")+glass(140,230,1.0,"#f2c14e")+glass(330,230,1.1,"#8fd0e8")+'<g transform="translate(390 230)"><rect x="-16" y="-36" width="32" height="36" rx="8" fill="#ffffff"/><path d="M16 -26 q14 2 0 16" stroke="#ffffff" stroke-width="5" fill="none"/><path d="M-6 -46 q-6 -8 0 -14 M6 -46 q-6 -8 0 -14" stroke="#c9b8a6" stroke-width="3" fill="none"/></g>'
    +person(240,300,0.85,skin=1,hair=4,shirt=5,style="bald",arm="hold")+heart(240,120,0.9,"#e07a5f"))
svg("art-injecting-hiv-hepatitis",W,H,"peach", wave(280,"#f8d3b5")+ribbon(110,140,1.4)+shield(230,130,1.3)
    +'<g transform="translate(120 250)"><rect x="-34" y="-16" width="68" height="32" rx="6" fill="#ffffff"/><rect x="-20" y="-6" width="26" height="12" rx="3" fill="#e5ddd2"/><circle cx="18" cy="0" r="6" fill="#d0353f"/></g>'
    +person(370,300,0.95,skin=3,hair=0,shirt=1,style="scarf",arm="hold")+'<rect x="354" y="170" width="32" height="42" rx="4" fill="#ffffff"/><path d="M362 182 L378 182 M362 192 L378 192 M362 202 L372 202" stroke="#c9b8a6" stroke-width="3"/>')
svg("art-law-and-rights",W,H,"sand", wave(285,"#f0dcb8")+scales(150,170,1.2)+book(330,250,0.9)
    +person(360,250,0.75,skin=2,hair=1,shirt=3,style="long",arm="wave")+sun(430,60,20))
svg("art-counseling-points",W,H,"mint", wave(285,"#c9e8d8")
    +'<rect x="80" y="240" width="110" height="16" rx="6" fill="#7a5c3e"/><rect x="290" y="240" width="110" height="16" rx="6" fill="#7a5c3e"/>'
    +person(150,300,0.9,skin=0,hair=0,shirt=3,style="short",sit=True)+person(330,300,0.9,skin=3,hair=2,shirt=0,style="long",sit=True)
    +bubble(70,40,110,56,"#ffffff","left")+bubble(300,52,110,56,"#ffffff","right")+plant(240,300,0.8)+lock(240,80,1.0))
svg("art-methadone-treatment",W,H,"sky", wave(285,"#c6def0")+clinic(130,270,1.0)+calendar(390,90,1.0)
    +person(300,300,0.9,skin=1,hair=3,shirt=4,style="cap",arm="hold")+cup(300,170,0.45,"#f6c453")+sun(60,60,18))
svg("art-families",W,H,"peach", wave(285,"#f8d3b5")+house(400,260,0.8)
    +person(110,300,0.95,skin=2,hair=4,shirt=5,style="bun")+person(200,300,1.0,skin=1,hair=0,shirt=4,style="short",arm="reach")
    +person(290,300,0.7,skin=3,hair=2,shirt=2,style="long",arm="wave")+heart(200,50,1.2)+heart(120,70,0.7,"#e07a5f"))
svg("art-saying-no",W,H,"mint", wave(285,"#c9e8d8")+person(180,300,0.95,skin=4,hair=1,shirt=2,style="short",arm="stop")
    +person(330,300,0.9,skin=2,hair=2,shirt=6,style="long",arm="wave")+person(420,300,0.8,skin=0,hair=0,shirt=7,style="cap")
    +cup(70,260,0.9,"#d97aa6")+'<path d="M40 200 L100 260 M100 200 L40 260" stroke="#e0565b" stroke-width="10" stroke-linecap="round" opacity=".85"/>'+sun(420,60,20))
svg("art-crisis-help",W,H,"lilac", wave(285,"#dcd0f0")+wave(305,"#cbbbe8",20)
    +person(170,300,0.9,skin=1,hair=2,shirt=7,style="long",sit=True)+person(260,300,0.95,skin=3,hair=0,shirt=5,style="short",arm="reach",flip=True)
    +heart(230,70,0.9,"#d97aa6")+cloud(400,80,1.0)+phone(420,220,0.8))
svg("art-where-to-get-help",W,H,"sand", wave(285,"#f0dcb8")+signpost(140,290,1.1)+pin(360,170,1.0)+cross(430,60,0.6)
    +person(260,300,0.9,skin=0,hair=3,shirt=1,style="scarf",arm="wave")+phone(430,230,0.7))
# ---- categories (320x240) ----
CW,CH=320,240
svg("cat-understanding",CW,CH,"sky", brain(120,130,1.0)+bulb(230,110,0.9)+sparkle(270,50,1.2)+sparkle(60,60,0.9,"#6c7fd1"))
svg("cat-health",CW,CH,"rose", heart(160,120,3.2,"#e0565b")+'<path d="M70 120 L120 120 L135 95 L155 150 L175 105 L190 120 L250 120" stroke="#ffffff" stroke-width="7" fill="none" stroke-linejoin="round" stroke-linecap="round"/>')
svg("cat-law",CW,CH,"sand", scales(160,130,1.1))
svg("cat-support",CW,CH,"mint", hands(160,170,1.3)+heart(160,100,2.0,"#e07a5f")+sparkle(60,50,1.0)+sparkle(270,60,1.0,"#4f9d69"))
svg("cat-family",CW,CH,"peach", house(160,200,1.2)+heart(160,60,1.1)+person(70,235,0.55,skin=2,hair=0,shirt=4,style="short")+person(255,235,0.55,skin=1,hair=2,shirt=6,style="long"))
print("ok")
